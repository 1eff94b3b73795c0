"""Independent oracles for the conversion tests: generate a session, convert it with the
TypeScript converter, and read the source ALF datasets with numpy / pandas (not our readers)."""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TSX = REPO / "node_modules" / ".bin" / "tsx"
ATLAS = REPO.parent / "shared" / "fixtures" / "iblatlas" / "iblatlas"


@dataclass
class Session:
    cache: Path
    eid: str
    folder: Path  # the session folder: <cache>/<lab>/Subjects/<subject>/<date>/<NNN>

    def alf(self, rel: str) -> Path:
        return self.folder / rel


def generate(out: Path, seed: int = 7) -> Session:
    """A tiny generated session (one cache, one session) in `out`."""
    proc = subprocess.run(
        [str(TSX), "src/one/generate/main.ts", "--out", str(out), "--sessions", "1", "--seed", str(seed),
         "--size", "tiny"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    sessions = pd.read_parquet(out / "sessions.pqt").reset_index()
    row = sessions.iloc[0]
    folder = out / row["lab"] / "Subjects" / row["subject"] / str(row["date"])[:10] / f"{int(row['number']):03d}"
    assert folder.is_dir(), folder
    return Session(cache=out, eid=str(row["id"] if "id" in row else row["eid"]), folder=folder)


def copy_session(session: Session, to: Path) -> Session:
    shutil.copytree(session.cache, to)
    return Session(cache=to, eid=session.eid, folder=to / session.folder.relative_to(session.cache))


def restamp_dataset(session: Session, rel: str) -> None:
    """After a test rewrote a session file: record its new size and md5 in the cache's datasets.pqt,
    as ONE would for a new version, so the cache's integrity check accepts it."""
    import hashlib

    path = session.alf(rel)
    table = pd.read_parquet(session.cache / "datasets.pqt")
    rows = table["rel_path"] == rel
    assert rows.sum() == 1, f"{rel} is not one record of datasets.pqt"
    table.loc[rows, "file_size"] = path.stat().st_size
    table.loc[rows, "hash"] = hashlib.md5(path.read_bytes()).hexdigest()
    table.to_parquet(session.cache / "datasets.pqt")


@dataclass
class Result:
    returncode: int
    stderr: str
    report: dict | None
    events: list


def convert(session: Session, output: Path, *args: str) -> Result:
    proc = subprocess.run(
        [str(TSX), str(HERE / "convert_session.ts"), str(session.cache), session.eid, str(output),
         "--atlas", str(ATLAS), *args],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    if proc.returncode != 0:
        return Result(proc.returncode, proc.stderr, None, [])
    out = json.loads(proc.stdout)
    return Result(0, proc.stderr, out["report"], out["events"])


def write_metadata(session: Session, path: Path) -> None:
    proc = subprocess.run(
        [str(TSX), str(HERE / "convert_session.ts"), "--write-metadata", str(session.cache), session.eid, str(path)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".nwb" in p.name)


# --- expected DANDI 000409 values, derived here from the ALF arrays -----------------------

TRIALS_COLUMNS = [
    "start_time", "stop_time", "quiescence_period", "gabor_stimulus_onset_time", "auditory_cue_time",
    "wheel_movement_onset_time", "choice_registration_time", "feedback_time", "gabor_stimulus_offset_time",
    "gabor_stimulus_contrast", "gabor_stimulus_side", "mouse_wheel_choice", "is_mouse_rewarded",
    "reward_volume_uL", "probability_left", "block_type", "block_index",
]

TRIAL_RENAMES = {
    "quiescence_period": "quiescencePeriod",
    "gabor_stimulus_onset_time": "stimOn_times",
    "auditory_cue_time": "goCue_times",
    "wheel_movement_onset_time": "firstMovement_times",
    "choice_registration_time": "response_times",
    "feedback_time": "feedback_times",
    "gabor_stimulus_offset_time": "stimOff_times",
    "reward_volume_uL": "rewardVolume",
    "probability_left": "probabilityLeft",
}


def alf_trials(session: Session) -> pd.DataFrame:
    """The trials table plus attributes only stored as .npy files (as SessionLoader merges them)."""
    table = pd.read_parquet(session.alf("alf/_ibl_trials.table.pqt"))
    for npy in sorted(session.folder.glob("alf/_ibl_trials.*.npy")):
        attr = npy.name.split(".")[1]
        values = np.load(npy)
        if attr not in table.columns and values.ndim == 1:
            table[attr] = values
    return table


def expected_trials(t: pd.DataFrame) -> dict[str, np.ndarray]:
    left, right = t["contrastLeft"].to_numpy(), t["contrastRight"].to_numpy()
    exp = {"start_time": t["intervals_0"].to_numpy(), "stop_time": t["intervals_1"].to_numpy()}
    for col, attr in TRIAL_RENAMES.items():
        exp[col] = t[attr].to_numpy()
    exp["gabor_stimulus_contrast"] = np.round(np.where(np.isnan(left), right, left) * 100, 2)
    exp["gabor_stimulus_side"] = np.where(~np.isnan(left), "left", np.where(~np.isnan(right), "right", "none"))
    exp["mouse_wheel_choice"] = t["choice"].map({-1: "counter_clockwise", 0: "none", 1: "clockwise"}).to_numpy()
    exp["is_mouse_rewarded"] = (t["feedbackType"] == 1).to_numpy()
    p = t["probabilityLeft"]
    exp["block_type"] = p.map({0.5: "unbiased", 0.8: "left_block", 0.2: "right_block"}).to_numpy()
    exp["block_index"] = (p != p.shift()).cumsum().to_numpy() - 1
    return exp


def iblatlas_regions():
    """Allen acronym and its Beryl / Cosmos parents of an atlas id, by iblatlas itself (PyPI), not
    by our reading of its tables."""
    from iblatlas.regions import BrainRegions

    regions = BrainRegions()

    def region(atlas_id: int) -> tuple[str, str, str]:
        ids = np.array([int(atlas_id)])
        return tuple(str(regions.id2acronym(ids, mapping=m)[0]) for m in ("Allen", "Beryl", "Cosmos"))

    return region


def iblatlas_ccf_um(mlapdv_um: np.ndarray) -> np.ndarray:
    """IBL (ML, AP, DV) µm from bregma -> Allen CCF (AP, DV, ML) µm, by iblatlas' AllenAtlas.xyz2ccf
    (the mock atlas has the real geometry and needs no download)."""
    from iblatlas.atlas import AllenAtlas

    atlas = AllenAtlas(res_um=25, mock=True)
    return atlas.xyz2ccf(np.asarray(mlapdv_um, dtype=float) * 1e-6, ccf_order="apdvml", mode="wrap")
