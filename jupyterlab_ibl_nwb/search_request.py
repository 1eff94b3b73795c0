"""Check the query of the search, session and metadata routes and turn it into CLI options."""
from __future__ import annotations

import datetime
from pathlib import Path

from .paths import BadPath, PathOutsideRoot, check_path_text, escaping_link, resolve_inside
from .tokens import AlyxTokens, normalize_url

SEARCH_FILTERS = {
    "subject": "--subject",
    "lab": "--lab",
    "project": "--project",
    "protocol": "--protocol",
    "number": "--number",
}
MAX_VALUE = 500


class SearchRefused(ValueError):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _text(arguments: dict[str, list[bytes]], name: str) -> list[str]:
    values = []
    for raw in arguments.get(name, []):
        try:
            value = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise SearchRefused(f"'{name}' is not UTF-8 text.") from None
        if "\x00" in value or len(value) > MAX_VALUE:
            raise SearchRefused(f"'{name}' must be text of at most {MAX_VALUE} characters without NUL bytes.")
        if value:
            values.append(value)
    return values


def _date(value: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise SearchRefused(f"'{name}' {value!r} is not a date: use YYYY-MM-DD, e.g. 2023-04-01.") from None


def search_args(arguments: dict[str, list[bytes]]) -> list[str]:
    """`search` and its filters. Values go as --flag=value, so none can pass for an option."""
    args = ["search"]
    for name, flag in SEARCH_FILTERS.items():
        values = _text(arguments, name)
        if values:
            args.append(f"{flag}={values[0]}")
    start = (_text(arguments, "date_from") or [""])[0]
    end = (_text(arguments, "date_to") or [""])[0]
    if start and end and _date(start, "date_from") > _date(end, "date_to"):
        raise SearchRefused(f"'date_from' {start} is after 'date_to' {end}: swap them.")
    if start:
        _date(start, "date_from")
    if end:
        _date(end, "date_to")
    if start or end:
        args.append(f"--date-range={start},{end}")
    for dataset in _text(arguments, "dataset"):
        args.append(f"--dataset={dataset}")
    return args


def source_args(
    alyx: str, cache: str, root: Path, tokens: AlyxTokens, sample: Path | None
) -> tuple[list[str], dict[str, str] | None]:
    """CLI options and environment of the data source: an Alyx logged in to (raises NotLoggedIn),
    else a ONE cache folder inside the root, else the bundled sample (SearchRefused otherwise)."""
    alyx = alyx.strip()
    if alyx:
        try:
            url = normalize_url(alyx)
        except ValueError as error:
            raise SearchRefused(str(error)) from None
        env = tokens.env(url)
        downloads = tokens.cache_dir(url)
        downloads.mkdir(parents=True, exist_ok=True)
        return ["--alyx", url, "--cache", str(downloads)], env
    if not cache:
        if sample is None:
            raise SearchRefused("No ONE cache folder given and no bundled sample is installed.")
        return ["--cache", str(sample)], None
    try:
        check_path_text(cache)
        folder = resolve_inside(root, cache)
    except (BadPath, PathOutsideRoot) as error:
        raise SearchRefused(str(error)) from None
    if not folder.is_dir():
        raise SearchRefused(f"'cache' {cache!r} is not a folder: give a ONE cache folder inside the Jupyter root.")
    # These routes read the cache tables and ONE's REST cache (.rest), never session folders.
    link = escaping_link(root, folder, deep=False)
    if link is not None:
        raise SearchRefused(f"'cache' holds {link}, a link to outside the Jupyter root; remove it or use another folder.")
    return ["--cache", str(folder)], None


def tables_stamp(source: list[str]) -> tuple | None:
    """Size and mtime of a local cache's tables (None for a remote source): a local search's
    answer stays valid while they do not change."""
    if "--alyx" in source:
        return None
    folder = Path(source[source.index("--cache") + 1])
    stamp = []
    for name in ("sessions.pqt", "datasets.pqt"):
        try:
            info = (folder / name).stat()
        except OSError:
            return None
        stamp.append((name, info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(stamp)
