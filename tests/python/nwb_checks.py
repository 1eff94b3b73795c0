"""The one way the tests judge an NWB file: pynwb's schema validation plus nwbinspector, failing on
anything at CRITICAL or BEST_PRACTICE_VIOLATION, on a schema failure (PYNWB_VALIDATION) and on a check
that crashed (ERROR) -- a crashed check says nothing about the file, so it must not pass as silence."""
from __future__ import annotations

from pathlib import Path

import pynwb
from nwbinspector import Importance, inspect_all, inspect_nwbfile

# Everything at or above BEST_PRACTICE_VIOLATION: ERROR (a check crashed), PYNWB_VALIDATION (schema),
# CRITICAL and BEST_PRACTICE_VIOLATION.
SERIOUS = frozenset(i for i in Importance if i.value >= Importance.BEST_PRACTICE_VIOLATION.value)


def serious(messages) -> list:
    """The messages that fail a file (None entries, which nwbinspector may yield, dropped)."""
    return [m for m in messages if m is not None and m.importance in SERIOUS]


def schema_errors(path: Path) -> list:
    return list(pynwb.validate(path=str(path)))


def assert_nwb_ok(path: Path) -> None:
    """One file: pynwb.validate finds nothing, nwbinspector nothing serious."""
    errors = schema_errors(path)
    assert errors == [], f"pynwb.validate {path}: {errors}"
    found = serious(inspect_nwbfile(nwbfile_path=str(path)))
    assert found == [], f"nwbinspector {path}: {found}"


def assert_nwb_folder_ok(folder: Path) -> None:
    """Every *.nwb in `folder` validated, then inspected together (cross-file checks such as
    check_unique_identifiers only run on a folder)."""
    files = sorted(folder.glob("*.nwb"))
    assert files, f"no .nwb file in {folder}"
    for path in files:
        errors = schema_errors(path)
        assert errors == [], f"pynwb.validate {path}: {errors}"
    found = serious(inspect_all(path=str(folder), progress_bar=False))
    assert found == [], f"nwbinspector {folder}: {found}"
