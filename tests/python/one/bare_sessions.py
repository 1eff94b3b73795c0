"""Bare ALF session folders (no cache tables) for the CLI tests of issue #19 items 4 and 9, assembled from
real IBL material in ../shared/fixtures (see SOURCES.md there; all MIT, International Brain Laboratory):

* trials values: ibllib @ 0ca93053 `brainbox/tests/fixtures/trials_df_test.csv` — 500 real trials (event times,
  contrasts, choice, feedback, probabilityLeft). The file has no trial intervals: start = min(goCue, stimOn) - 0.5 s
  and stop = feedback + 1.5 s are added (every real trial lies between them), and the file stands in for both
  layouts' trials.
* wheel: ibllib @ 0ca93053 `ibllib/tests/fixtures/qc/wheel.npy` — 102 real (time, position) samples.
* experiment description: the shape iblrig v8 writes (`tasks: [- <protocol>: {collection: raw_task_data_NN}]`),
  as ibllib's fixture `ibllib/tests/fixtures/io/_ibl_experiment.description.yaml` (read in the tests too).
* early names: ONE @ be2600d1 `one/tests/fixtures/datasets.pqt` lists `alf/_ibl_wheel.times.npy` (not
  `timestamps`) for mainenlab/Subjects/ZM_1150/2019-05-07/001: the early session is given that path and names.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

from jupyterlab_ibl_nwb.node import find_cli

IBLLIB = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "ibllib"
TRIALS_CSV = IBLLIB / "brainbox" / "tests" / "fixtures" / "trials_df_test.csv"
WHEEL_NPY = IBLLIB / "ibllib" / "tests" / "fixtures" / "qc" / "wheel.npy"

MODERN = "mainenlab/Subjects/ZFM-07000/2024-05-14/001"
EARLY = "mainenlab/Subjects/ZM_1150/2019-05-07/001"

# As iblrig v8 writes it: a passive protocol first, then two behaviour tasks, each in its own collection.
DESCRIPTION = """\
devices:
  cameras:
    left:
      collection: raw_video_data
      sync_label: audio
procedures:
- Behavior training/tasks
projects:
- ibl_neuropixel_brainwide_01
sync:
  bpod:
    collection: raw_task_data_00
tasks:
- passiveChoiceWorld:
    collection: raw_task_data_00
    sync_label: bpod
- biasedChoiceWorld:
    collection: raw_task_data_01
    sync_label: bpod
    extractors: [TrialRegisterRaw, ChoiceWorldTrialsBpod]
- trainingChoiceWorld:
    collection: raw_task_data_02
    sync_label: bpod
version: 1.0.0
"""


def real_trials() -> pd.DataFrame:
    """The real trials, in the release's table layout (intervals_0/_1 added, see the module docstring)."""
    t = pd.read_csv(TRIALS_CSV, index_col=0)
    out = t[["goCue_times", "stimOn_times", "feedback_times", "contrastLeft", "contrastRight", "feedbackType",
             "choice", "probabilityLeft"]].astype("float64")
    out.insert(0, "intervals_0", np.minimum(t.goCue_times, t.stimOn_times) - 0.5)
    out.insert(1, "intervals_1", t.feedback_times + 1.5)
    return out.reset_index(drop=True)


def modern_session(root: Path) -> tuple[Path, dict[str, pd.DataFrame]]:
    """A 2024-style bare folder: trials per task in alf/task_NN, tasks in the experiment description."""
    folder = root / MODERN
    (folder / "alf").mkdir(parents=True)
    (folder / "_ibl_experiment.description.yaml").write_text(DESCRIPTION)
    trials = real_trials()
    tables = {"alf/task_01": trials.iloc[:300].reset_index(drop=True),
              "alf/task_02": trials.iloc[300:].reset_index(drop=True)}
    for collection, table in tables.items():
        (folder / collection).mkdir(parents=True)
        table.to_parquet(folder / collection / "_ibl_trials.table.pqt")
    return folder, tables


DEMO_ALF = Path(__file__).resolve().parents[3] / "demo" / "one-cache" / "cortexlab/Subjects/KS074/2021-11-17/001/alf"
PASSIVE_TABLES = ["_ibl_passivePeriods.intervalsTable.csv", "_ibl_passiveStims.table.csv",
                  "_ibl_passiveGabor.table.csv"]


def real_wheel_moves(wheel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two movements of the real wheel trace (onset / offset samples) and their peak amplitude from onset."""
    samples = [(10, 30), (50, 80)]
    intervals = np.array([[wheel[a, 0], wheel[b, 0]] for a, b in samples])
    peaks = np.array([np.max(np.abs(wheel[a:b + 1, 1] - wheel[a, 1])) for a, b in samples])
    return intervals, peaks


def modern_task_data(folder: Path) -> dict[str, dict[str, np.ndarray]]:
    """Add what ibllib's dynamic pipeline extracts per task to a modern_session folder: the wheel of both
    behaviour tasks in their alf/task_NN (the real wheel trace; the second task's shifted 1000 s later, as a
    later task is), and the passive tables in the passiveChoiceWorld task's alf/task_00 (the demo session's
    tables, in the release's layout). Returns each collection's wheel arrays."""
    wheel = np.load(WHEEL_NPY)
    out = {}
    for collection, shift in [("alf/task_01", 0.0), ("alf/task_02", 1000.0)]:
        alf = folder / collection
        alf.mkdir(parents=True, exist_ok=True)
        times, position = wheel[:, 0] + shift, wheel[:, 1]
        intervals, peaks = real_wheel_moves(wheel)
        arrays = {"wheel.timestamps": times, "wheel.position": position,
                  "wheelMoves.intervals": intervals + shift, "wheelMoves.peakAmplitude": peaks}
        for name, values in arrays.items():
            np.save(alf / f"_ibl_{name}.npy", values)
        out[collection] = arrays
    passive = folder / "alf/task_00"
    passive.mkdir(parents=True, exist_ok=True)
    for name in PASSIVE_TABLES:
        (passive / name).write_bytes((DEMO_ALF / name).read_bytes())
    return out


def early_session(root: Path) -> tuple[Path, np.ndarray, pd.DataFrame]:
    """A 2019 bare folder with the first extractors' names: wheel times in `_ibl_wheel.times.npy`,
    trials as one `.npy` per attribute."""
    folder = root / EARLY
    alf = folder / "alf"
    alf.mkdir(parents=True)
    wheel = np.load(WHEEL_NPY)
    np.save(alf / "_ibl_wheel.times.npy", wheel[:, 0])
    np.save(alf / "_ibl_wheel.position.npy", wheel[:, 1])
    trials = real_trials()
    np.save(alf / "_ibl_trials.intervals.npy", trials[["intervals_0", "intervals_1"]].to_numpy())
    for name in ["goCue_times", "stimOn_times", "feedback_times", "contrastLeft", "contrastRight", "feedbackType",
                 "choice", "probabilityLeft"]:
        np.save(alf / f"_ibl_trials.{name}.npy", trials[name].to_numpy())
    return folder, wheel, trials


def cli(node: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([node, find_cli(), *map(str, args)], capture_output=True, text=True, timeout=300)


def metadata_for(node: str, folder: Path, path: Path, start: str) -> Path:
    """The metadata document of a bare folder with the start time filled in (a folder has no Alyx records)."""
    made = cli(node, "metadata", folder, "-o", path)
    assert made.returncode == 0, made.stderr
    document = json.loads(path.read_text())
    document["NWBFile"]["session_start_time"] = start
    # Only Alyx's subject record gives these; a user fills them as the CLI asks (the NWB
    # Inspector rejects a subject without species or age).
    document["Subject"].setdefault("species", "Mus musculus")
    if not document["Subject"].get("age"):
        document["Subject"].setdefault("date_of_birth", "2021-01-04")
    path.write_text(json.dumps(document))
    return path
