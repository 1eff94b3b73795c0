"""Check a POST /jobs body up front and turn it into a `convert` command line.

Everything that can be checked before the CLI starts is: the eid's form, each path (inside the
root, links resolved, no link in the cache folder pointing out of it), the output's folder
(created if missing, writable), the output itself (not a folder, not already written by a
running job), the options' types. A refusal is a RequestRefused with the HTTP status and a
message that names the field and what to send.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .cli_runner import CliError, cli_command, planned_outputs
from .paths import (
    BadPath, PathOutsideRoot, check_output_name, check_path_text, escaping_link, is_inside, resolve_inside,
)
from .tokens import AlyxTokens, NotLoggedIn, launcher_command, normalize_url

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# subject/YYYY-MM-DD/NNN as ONE writes it; the subject never starts with '-' (no option injection).
SESSION_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/\d{4}-\d{2}-\d{2}/\d{1,3}$")
MODALITY = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
FLAGS = ("raw", "video", "overwrite", "split")


class RequestRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class ConvertRequest:
    command: list[str]
    output: str  # relative to the root
    files: list[str]  # absolute: the .nwb (and the raw file of --split)
    cwd: str


def raw_file_of(eid: str, processed: Path) -> Path:
    """The raw file of --split beside `processed`, as the CLI names it (asked with `--plan`: the
    name is decided in one place, src/cli/commands/convertOutputs.ts); passed to it again as
    --raw-output, so the file the server checks and waits for is the one written."""
    try:
        planned = planned_outputs(["convert", eid, "-o", str(processed), "--split"])
    except CliError as error:
        raise RequestRefused(error.status, str(error)) from None
    raw = next((o.get("path") for o in planned if o.get("file") == "raw"), None)
    if not isinstance(raw, str):
        raise RequestRefused(502, "ibl2nwb convert --plan named no raw file for --split: reinstall jupyterlab_ibl_nwb.")
    return Path(raw)


def inside_root(root: Path, value: object, field: str, outside_status: int = 400) -> Path:
    """The absolute path `value` names under `root`; RequestRefused naming `field` when it is not a
    clean relative path (400) or leads out of the root (`outside_status`)."""
    try:
        check_path_text(value)
        return resolve_inside(root, value)  # type: ignore[arg-type]
    except BadPath as error:
        raise RequestRefused(400, f"'{field}': {error}") from None
    except PathOutsideRoot as error:
        raise RequestRefused(outside_status, f"'{field}': {error}") from None



def check_eid(eid: object) -> str:
    if not isinstance(eid, str) or not eid:
        raise RequestRefused(400, "Say which session to convert: 'eid' is missing.")
    if not (UUID.match(eid) or SESSION_PATH.match(eid)):
        raise RequestRefused(
            400, f"'eid' {eid[:80]!r} is not a session id: send its UUID or subject/YYYY-MM-DD/NNN from a search."
        )
    return eid


def check_output_folder_links(root: Path, output: Path, video: bool) -> None:
    """Refuse links out of the root where the CLI will write beside the output: names that begin
    like the output (its reports, its raw file), and with --video any (the videos' folder is named
    from the session)."""
    stem = output.name[: -len(".nwb")]
    try:
        entries = list(os.scandir(output.parent))
    except OSError:
        return
    for entry in entries:
        if entry.is_symlink() and (video or entry.name.startswith(stem)):
            if not is_inside(root, Path(entry.path).resolve()):
                raise RequestRefused(
                    400, f"{Path(entry.path).relative_to(root)} is a link to outside the Jupyter root where the"
                    " converter writes: remove it or choose another output folder.",
                )


def check_output(root: Path, value: object, field: str, overwrite: bool) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise RequestRefused(400, f"'{field}' is missing: send the .nwb path to write, relative to the Jupyter root.")
    output = inside_root(root, value, field)
    if output.suffix != ".nwb":
        raise RequestRefused(400, f"'{field}' {output.name} must end in .nwb.")
    try:
        check_output_name(output)
    except BadPath as error:
        raise RequestRefused(400, f"'{field}': {error}") from None
    shown = output.relative_to(root)
    if output.is_dir():
        raise RequestRefused(400, f"'{field}' {shown} is a folder: give a file name ending in .nwb.")
    # A missing folder is created once every check passed (as `batch` does: the default nwb/
    # folder of a fresh install must not fail the job); the nearest existing one must be writable.
    folder = output.parent
    while not folder.exists() and folder != root:
        folder = folder.parent
    if not folder.is_dir():
        raise RequestRefused(400, f"'{field}': {folder.relative_to(root)} is not a folder.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise RequestRefused(400, f"The folder {folder.relative_to(root) or '.'} is not writable: choose another output folder.")
    if output.exists() and not overwrite:
        raise RequestRefused(409, f"{shown} exists: choose another name or allow overwrite.")
    return output


def check_cache(root: Path, value: object, sample: Path | None) -> Path:
    if value in (None, ""):
        if sample is None:
            raise RequestRefused(400, "No ONE cache folder given and no bundled sample is installed.")
        return sample
    cache = inside_root(root, value, "cacheDir")
    if not cache.is_dir():
        raise RequestRefused(400, f"'cacheDir' {value!r} is not a folder: give a ONE cache folder inside the Jupyter root.")
    link = escaping_link(root, cache)
    if link is not None:
        raise RequestRefused(400, f"'cacheDir' holds {link}, a link to outside the Jupyter root; remove it or use another folder.")
    return cache


def check_modalities(value: object) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > 64 or not all(isinstance(m, str) and MODALITY.match(m) for m in value):
        raise RequestRefused(400, "'modalities' must be a list of modality names, e.g. [\"trials\", \"wheel\"].")
    return value


def build(body: dict, root: Path, tokens: AlyxTokens, sample: Path | None, busy) -> ConvertRequest:
    """The command for `body`, or RequestRefused. `busy(path)` names a queued or running job
    that writes `path` (a second job there would overwrite its temporary files)."""
    root = root.resolve()
    eid = check_eid(body.get("eid"))
    for flag in FLAGS:
        if flag in body and not isinstance(body[flag], bool):
            raise RequestRefused(400, f"'{flag}' must be true or false, not {body[flag]!r}.")
    overwrite = bool(body.get("overwrite"))
    output = check_output(root, body.get("output"), "output", overwrite)
    files = [output]
    if body.get("split"):
        files.append(raw_file_of(eid, output))
        check_output(root, str(files[1]), "output (raw file of split)", overwrite)
    check_output_folder_links(root, output, bool(body.get("video")))
    for path in files:
        other = busy(str(path))
        if other is not None:
            raise RequestRefused(409, f"{path.relative_to(root)} is being written by job {other.id}: wait for it or cancel it.")
    metadata = None
    if body.get("metadata") not in (None, ""):
        metadata = inside_root(root, body["metadata"], "metadata")
        if not metadata.is_file():
            raise RequestRefused(400, f"'metadata' {body['metadata']!r} is not a file: save the metadata first.")
    modalities = check_modalities(body.get("modalities"))
    alyx = None
    if body.get("alyx"):
        try:
            alyx = normalize_url(body["alyx"])
            tokens.env(alyx)
        except NotLoggedIn as error:
            raise RequestRefused(401, str(error)) from None
        except ValueError as error:
            raise RequestRefused(400, str(error)) from None
        cache = tokens.cache_dir(alyx)
        cache.mkdir(parents=True, exist_ok=True)
    else:
        cache = check_cache(root, body.get("cacheDir"), sample)
    args = ["convert", eid, "--cache", str(cache), "-o", str(output), "--json"]
    if alyx is not None:
        args[2:2] = ["--alyx", alyx]
    if metadata is not None:
        args += ["--metadata", str(metadata)]
    if modalities:
        args += ["--modalities", ",".join(modalities)]
    for flag in ("raw", "video", "overwrite", "split"):
        if body.get(flag):
            args.append(f"--{flag}")
    if body.get("split"):
        args += ["--raw-output", str(files[1])]
    command = cli_command(args)
    for path in files:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise RequestRefused(400, f"Could not create the folder {path.parent.relative_to(root)}: {error.strerror}.") from None
    if alyx is not None:
        command = launcher_command(tokens, alyx, command)
    # The CLI runs in the cache folder, so a relative subject/date/number never reads elsewhere.
    return ConvertRequest(command, str(output.relative_to(root)), [str(p) for p in files], str(cache))
