"""What a converted case's files must hold, read with h5py / pynwb and the source ALF files read with
numpy / pandas, from IBL's definitions (not from our TypeScript)."""
from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pynwb
from pynwb import NWBHDF5IO

# nwbinspector importances that fail the corpus: besides CRITICAL and BEST_PRACTICE_VIOLATION, a crashed
# check (ERROR) and a schema failure (PYNWB_VALIDATION) must not pass unseen.
SERIOUS = ("CRITICAL", "BEST_PRACTICE_VIOLATION", "ERROR", "PYNWB_VALIDATION")


def read_and_validate(path: Path) -> list[str]:
    """pynwb reads every object of the file, and pynwb.validate finds nothing."""
    problems = []
    try:
        with NWBHDF5IO(str(path), "r", load_namespaces=True) as io:
            nwb = io.read()
            for obj in nwb.all_children():
                _ = obj.name
    except Exception as err:  # noqa: BLE001 - any failure to read is the finding
        problems.append(f"{path.name}: pynwb cannot read it: {err!r}")
    errors = pynwb.validate(path=str(path))
    if errors:
        problems.append(f"{path.name}: pynwb.validate: {errors}")
    return problems


def empty_tables(path: Path) -> list[str]:
    """Neurodata objects with zero rows (CONTRACTS.md 6: never an empty table in the file)."""
    found = []
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Group) and "neurodata_type" in obj.attrs:
                for key in ("id", "timestamps", "data"):
                    if key in obj and isinstance(obj[key], h5py.Dataset) and obj[key].shape and obj[key].shape[0] == 0:
                        found.append(f"{path.name}:/{name} ({obj.attrs['neurodata_type']}) has an empty {key}")
        f.visititems(visit)
    return found


def _session(run) -> Path:
    return Path(run.build["session"])


def _table(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path)


def camera_rows_kept(run, table_name: str) -> list[str]:
    """The first len(times) rows of the longer table are written, on the camera's times."""
    session = _session(run)
    times = np.load(session / "alf" / "_ibl_leftCamera.times.npy")
    table = _table(session / "alf" / table_name)
    problems = []
    with h5py.File(run.build["output"], "r") as f:
        if table_name.endswith("features.pqt"):
            for series, column in (("LeftPupilDiameter", "pupilDiameter_raw"),
                                   ("LeftPupilDiameterSmoothed", "pupilDiameter_smooth")):
                data = f[f"processing/pupil/{series}/data"][:]
                if not np.array_equal(data, table[column].to_numpy()[: len(times)], equal_nan=True):
                    problems.append(f"{series}: {len(data)} values, not the first {len(times)} of {column}")
            stamps = f["processing/pupil/LeftPupilDiameter/timestamps"][:]
            if not np.array_equal(stamps, times):
                problems.append("LeftPupilDiameter timestamps are not _ibl_leftCamera.times.npy")
        else:
            camera = f["processing/pose_estimation/LeftCamera"]
            points = sorted({c[: -len("_x")] for c in table.columns if c.endswith("_x")})
            for name, series in camera.items():
                if not isinstance(series, h5py.Group) or "data" not in series:
                    continue
                data = series["data"][:]
                if data.shape[0] != len(times):
                    problems.append(f"{name}: {data.shape[0]} rows, expected the {len(times)} frames")
                    continue
                if not any(np.array_equal(data, table[[f"{p}_x", f"{p}_y"]].to_numpy()[: len(times)], equal_nan=True)
                           for p in points):
                    problems.append(f"{name}: its x, y are not the first {len(times)} rows of any point of {table_name}")
    return problems


def split_identifiers(run) -> list[str]:
    processed, raw = (Path(p) for p in run.build["outputs"])
    with h5py.File(processed, "r") as a, h5py.File(raw, "r") as b:
        ids = a["identifier"][()].decode(), b["identifier"][()].decode()
        sessions = a["general/session_id"][()].decode(), b["general/session_id"][()].decode()
    problems = []
    if ids[0] == ids[1]:
        problems.append(f"both files have identifier {ids[0]!r}")
    eid = run.build["facts"]["eid"]
    if sessions != (eid, eid):
        problems.append(f"session_id {sessions}, expected the eid {eid!r} in both")
    return problems


def ibl_block_type(p: float) -> str:
    """IBL's biased blocks: probabilityLeft 0.5 unbiased, 0.8 left block, 0.2 right block (DANDI 000409)."""
    for value, name in ((0.5, "unbiased"), (0.8, "left_block"), (0.2, "right_block")):
        if np.isclose(p, value, rtol=0, atol=1e-6):
            return name
    return f"p={p}"


def block_names(run) -> list[str]:
    p = np.asarray(run.build["facts"]["probabilityLeft"])
    expected_type = [ibl_block_type(x) for x in p]
    # a new block wherever the probability changes by more than float noise
    expected_index = np.concatenate([[0], np.cumsum(np.abs(np.diff(p)) > 1e-6)])
    problems = []
    with h5py.File(run.build["output"], "r") as f:
        trials = f["intervals/trials"]
        block_type = [x.decode() if isinstance(x, bytes) else x for x in trials["block_type"][:]]
        if block_type != expected_type:
            problems.append(f"block_type {block_type}, expected {expected_type}")
        if not np.array_equal(trials["block_index"][:], expected_index):
            problems.append(f"block_index {list(trials['block_index'][:])}, expected {list(expected_index)}")
        if not np.allclose(trials["probability_left"][:], p, rtol=0, atol=1e-12):
            problems.append("probability_left differs from the source")
    return problems


def wheel_still_written(run) -> list[str]:
    alf = _session(run) / "alf"
    with h5py.File(run.build["output"], "r") as f:
        if "processing/wheel/WheelPosition" not in f:
            return ["no processing/wheel/WheelPosition: the wheel itself has data and must be written"]
        problems = []
        if not np.array_equal(f["processing/wheel/WheelPosition/data"][:], np.load(alf / "_ibl_wheel.position.npy")):
            problems.append("WheelPosition data differ from _ibl_wheel.position.npy")
        return problems


def no_lick_times(run) -> list[str]:
    with h5py.File(run.build["output"], "r") as f:
        module = f.get("processing/lick_times")
        return [f"processing/lick_times holds {list(module)} for a session without licks"] if module and len(module) else []


def modern_trials(run) -> list[str]:
    table = _table(_session(run) / run.build["facts"]["trials"])
    with h5py.File(run.build["output"], "r") as f:
        if "intervals/trials" not in f:
            return ["no /intervals/trials: the trials of alf/task_00 were not written"]
        trials = f["intervals/trials"]
        problems = []
        for column, source in (("start_time", "intervals_0"), ("stop_time", "intervals_1"),
                               ("gabor_stimulus_onset_time", "stimOn_times")):
            if not np.array_equal(trials[column][:], table[source].to_numpy(), equal_nan=True):
                problems.append(f"/intervals/trials/{column} is not {source} of alf/task_00")
        return problems


def wheel_from_times(run) -> list[str]:
    alf = _session(run) / "alf"
    with h5py.File(run.build["output"], "r") as f:
        if "processing/wheel/WheelPosition" not in f:
            return ["no processing/wheel/WheelPosition: the wheel of _ibl_wheel.times.npy was not written"]
        series = f["processing/wheel/WheelPosition"]
        problems = []
        if not np.array_equal(series["timestamps"][:], np.load(alf / "_ibl_wheel.times.npy")):
            problems.append("WheelPosition timestamps are not _ibl_wheel.times.npy")
        if not np.array_equal(series["data"][:], np.load(alf / "_ibl_wheel.position.npy")):
            problems.append("WheelPosition data are not _ibl_wheel.position.npy")
        return problems


def output_is_regular_file(run) -> list[str]:
    out = Path(run.build["output"])
    return [f"{out} is a symlink"] if out.is_symlink() else []


# case name -> its oracle (cases not listed have only the generic checks)
ORACLES = {
    "pupil_features_3_rows_longer": lambda run: camera_rows_kept(run, "_ibl_leftCamera.features.pqt"),
    "pose_table_3_rows_longer": lambda run: camera_rows_kept(run, "_ibl_leftCamera.lightningPose.pqt"),
    "split_distinct_identifiers": split_identifiers,
    "probability_left_float_noise": block_names,
    "zero_wheel_moves": wheel_still_written,
    "zero_licks": no_lick_times,
    "modern_task_collection": modern_trials,
    "wheel_times_2018": wheel_from_times,
    "part_is_a_symlink": output_is_regular_file,
}
