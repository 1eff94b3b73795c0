"""Validate one NWB file with the NWB Inspector and `dandi validate`, in a process of its own.

The server (validation_run.py) runs `python validation_worker.py ROOT FILE` with the Python whose
packages validate (its own by default), so a slow inspection of a multi-GB file never holds up
the server and can be stopped (its process group is killed at the timeout). `--tools` only says
which validators that Python has. Only the standard library is imported up front: `--tools` must
answer in a Python that has neither tool.

Output: JSON lines on stdout, in this order:
  {"type": "tools", "nwbinspector": "0.7.2" | null, "dandi": "0.81.0" | null}
  {"type": "refused", "message": ...}        the file must not be opened (links out of ROOT); last line
  {"type": "step", "tool": "nwbinspector" | "dandi"}
  {"type": "finding", importance, check_name, message, object_type, object_name, location, tool}
  {"type": "note", "tool", "message"}         something the user should know that is not a finding
  {"type": "toolError", "tool", "message"}   a validator could not run; the other still does
  {"type": "done"}
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

# Where each tool's levels go. The NWB Inspector's ERROR (pynwb could not read the file, or a
# check crashed on it) and PYNWB_VALIDATION (the file breaks the schema) are worse than any
# best-practice finding: they are shown with CRITICAL, their check name says which they are.
INSPECTOR_LEVELS = {
    "ERROR": "CRITICAL",
    "PYNWB_VALIDATION": "CRITICAL",
    "CRITICAL": "CRITICAL",
    "BEST_PRACTICE_VIOLATION": "BEST_PRACTICE_VIOLATION",
    "BEST_PRACTICE_SUGGESTION": "BEST_PRACTICE_SUGGESTION",
}
# dandi's severities: ERROR and CRITICAL refuse an upload to DANDI.
DANDI_LEVELS = {
    "CRITICAL": "CRITICAL",
    "ERROR": "CRITICAL",
    "WARNING": "BEST_PRACTICE_VIOLATION",
    "HINT": "BEST_PRACTICE_SUGGESTION",
    "INFO": "BEST_PRACTICE_SUGGESTION",
}
MESSAGE_LIMIT = 2000
# Validators dandi runs itself that this worker has already run through the NWB Inspector
# (which validates against the schema with pynwb first): their findings would be listed twice.
DANDI_REPEATS = ("nwbinspector", "pynwb")
NOT_IN_DANDISET = "DANDI.NO_DANDISET_FOUND"


def emit(**event) -> None:
    print(json.dumps(event, default=str), flush=True)


def versions() -> dict:
    """Installed versions from package metadata (no import: fast, and safe if a tool is broken)."""
    found = {}
    for name in ("nwbinspector", "dandi"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def short(text: object) -> str:
    """A message fit to show: a traceback becomes its last line (the exception), long text is cut."""
    text = str(text or "").strip()
    if "Traceback (most recent call last)" in text:
        lines = [line for line in text.splitlines() if line.strip()]
        text = lines[-1].strip() if lines else text
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def inside(root: Path, target: Path) -> bool:
    return target == root or root in target.parents


def links_out_of_root(root: Path, path: Path, seen: set[Path] | None = None) -> str | None:
    """Why `path` would make a reader open a file outside `root`, or None.

    pynwb follows HDF5 external links, virtual datasets and external raw storage wherever they
    point, so a file inside the root could have the validators read any HDF5 file of the server.
    Linked files inside the root are checked the same way (each once).
    """
    import h5py

    seen = seen if seen is not None else set()
    if path in seen:
        return None
    seen.add(path)
    folder = path.parent
    targets: list[tuple[str, str]] = []  # (where in the file, the file it names)
    with h5py.File(path, "r") as nwb:
        def on_link(name: bytes, info) -> None:
            if info.type == h5py.h5l.TYPE_EXTERNAL:
                filename, _ = nwb.id.links.get_val(name)
                targets.append((name.decode(errors="replace"), filename.decode(errors="replace")))

        def on_object(name: str, item) -> None:
            if not isinstance(item, h5py.Dataset):
                return
            for external in item.external or []:
                targets.append((name, str(external[0])))
            if item.is_virtual:
                for source in item.virtual_sources():
                    if source.file_name != ".":
                        targets.append((name, source.file_name))

        nwb.id.links.visit(on_link, info=True)
        nwb.visititems(on_object)
    for where, filename in targets:
        target = (folder / filename).resolve()
        if not inside(root, target):
            return (
                f"{path.name} links to {filename} (at /{where.lstrip('/')}), outside the Jupyter root, and the"
                " server opens nothing outside its root: it was not validated. Validate it in a terminal"
                f" (`nwbinspector {path.name}`)."
            )
        if target.suffix in (".nwb", ".h5", ".hdf5") and target.is_file() and h5py.is_hdf5(target):
            problem = links_out_of_root(root, target, seen)
            if problem:
                return problem
    return None


def run_inspector(path: Path) -> bool:
    """The NWB Inspector's findings, streamed as it finds them; whether it ran to its end."""
    emit(type="step", tool="nwbinspector")
    try:
        from nwbinspector import inspect_nwbfile

        for found in inspect_nwbfile(nwbfile_path=str(path)):
            if found is None:
                continue
            level = getattr(found.importance, "name", str(found.importance))
            # A level of a newer inspector is listed with its own name in front, not dropped.
            known = level in INSPECTOR_LEVELS
            emit(
                type="finding",
                importance=INSPECTOR_LEVELS.get(level, "BEST_PRACTICE_VIOLATION"),
                check_name=short(found.check_function_name),
                message=short(found.message) if known else f"({level}) {short(found.message)}",
                object_type=found.object_type,
                object_name=found.object_name,
                location=found.location,
                tool="nwbinspector",
            )
    except Exception as error:  # noqa: BLE001 - the tool's failure is reported, dandi still runs
        emit(type="toolError", tool="nwbinspector", message=f"The NWB Inspector failed: {short(repr(error))}")
        return False
    return True


def dandi_environment() -> dict:
    """dandi without its side effects: no version checks over the network (etelemetry), no
    metadata cache and no log files in the user's folders (the log goes to a folder removed after)."""
    env = dict(os.environ)
    env.update(DANDI_NO_ET="1", NO_ET="1", DANDI_CACHE="ignore")
    return env


def dandi_finding(result: dict, inspected: bool) -> dict | None:
    """A finding from one line of `dandi validate -f json_lines`, or None if it repeats the inspector's."""
    origin = result.get("origin") if isinstance(result.get("origin"), dict) else {}
    if inspected and (origin.get("validator") in DANDI_REPEATS or str(result.get("id", "")).startswith("NWBI.")):
        return None
    locations = result.get("within_asset_paths")
    location = next(iter(locations.values()), None) if isinstance(locations, dict) and locations else None
    return {
        "importance": DANDI_LEVELS.get(str(result.get("severity", "")).upper(), "BEST_PRACTICE_SUGGESTION"),
        "check_name": str(result.get("id") or "dandi"),
        "message": short(result.get("message")),
        "object_type": None,
        "object_name": None,
        "location": location,
        "tool": "dandi",
    }


def run_dandi(path: Path, inspected: bool) -> None:
    import tempfile

    emit(type="step", tool="dandi")
    command = [sys.executable, "-c", "from dandi.cli.command import main; main()", "validate", "-f", "json_lines", str(path)]
    with tempfile.TemporaryDirectory(prefix="ibl-nwb-dandi-") as state:
        env = dandi_environment() | {"XDG_STATE_HOME": state, "XDG_CACHE_HOME": state}
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=str(path.parent))
    results = []
    for line in done.stdout.splitlines():
        try:
            result = json.loads(line)
        except ValueError:
            continue
        if isinstance(result, dict) and "id" in result:
            results.append(result)
    # dandi exits 1 when it has findings; anything else without results is its own failure.
    if done.returncode not in (0, 1) or (done.returncode == 1 and not results):
        cause = short(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit code {done.returncode}")
        if "No such option" in done.stderr:
            cause += " (this dandi is too old for `dandi validate -f json_lines`: pip install -U dandi)"
        emit(type="toolError", tool="dandi", message=f"dandi validate failed: {cause}")
        return
    for result in results:
        if result.get("id") == NOT_IN_DANDISET:
            emit(
                type="note", tool="dandi",
                message="Not inside a Dandiset (no dandiset.yaml in a folder above it): DANDI's file and folder"
                " name checks did not run.",
            )
            continue
        finding = dandi_finding(result, inspected)
        if finding is not None:
            emit(type="finding", **finding)


def main(argv: list[str]) -> int:
    tools = versions()
    emit(type="tools", **tools)
    if argv[:1] == ["--tools"]:
        return 0
    if len(argv) != 2:
        print("usage: validation_worker.py ROOT FILE | --tools", file=sys.stderr)
        return 2
    root, path = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    if not inside(root, path):
        emit(type="refused", message=f"{path} is outside the Jupyter root {root}.")
        return 0
    if not any(tools.values()):
        emit(type="done")
        return 0
    try:
        problem = links_out_of_root(root, path)
    except Exception as error:  # noqa: BLE001 - unchecked links must not be followed
        problem = (
            f"{path.name} could not be read with h5py ({short(repr(error))}): it is damaged or not an NWB"
            " (HDF5) file, so it was not validated."
        )
    if problem:
        emit(type="refused", message=problem)
        return 0
    inspected = bool(tools["nwbinspector"]) and run_inspector(path)
    if tools["dandi"]:
        run_dandi(path, inspected)
    emit(type="done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
