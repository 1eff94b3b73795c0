"""Constants and helpers of the remote oracle (a unique module name: other test folders have a conftest too)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TSX = REPO / "node_modules" / ".bin" / "tsx"
USER, PASSWORD = "oracle_user", "oracle_password"

# (lab, subject, date, number, task_protocol, projects)
SESSIONS = [
    ("hoferlab", "SWC_043", "2020-09-21", 1, "_iblrig_tasks_ephysChoiceWorld6.4.2", "ibl_neuropixel_brainwide_01"),
    ("hoferlab", "SWC_043", "2020-09-22", 2, "_iblrig_tasks_ephysChoiceWorld6.4.2", "ibl_neuropixel_brainwide_01"),
    ("cortexlab", "KS023", "2019-12-10", 1, "_iblrig_tasks_biasedChoiceWorld6.0.0", "ibl_behaviour"),
    ("zadorlab", "CSH_ZAD_029", "2020-09-19", 1, "_iblrig_tasks_trainingChoiceWorld6.4.2", "ibl_neuropixel_brainwide_01"),
]


def run_tsx(script: Path, *args: str, timeout: float = 120) -> object:
    if not TSX.exists():
        pytest.fail(f"{TSX} is missing: run `npm ci` first")
    proc = subprocess.run([str(TSX), str(script), *args], capture_output=True, text=True, timeout=timeout, cwd=REPO)
    if proc.returncode != 0:
        raise AssertionError(f"{script.name} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout)


def write_session(root: Path, k: int, lab: str, subject: str, date: str, number: int) -> None:
    session = root / lab / "Subjects" / subject / date / f"{number:03d}"
    rng = np.random.default_rng(k)
    times = np.cumsum(rng.uniform(1, 3, 40 + k))
    files = {
        "alf/_ibl_trials.stimOn_times.npy": times,
        "alf/_ibl_trials.intervals.npy": np.c_[times, times + 1],
        "alf/_ibl_wheel.position.npy": rng.normal(size=500),
    }
    if k % 2 == 0:
        files["alf/#2024-05-06#/_ibl_trials.intervals.npy"] = np.c_[times, times + 1.1]
        files["alf/probe00/pykilosort/spikes.times.npy"] = np.sort(rng.uniform(0, 100, 2000))
        files["alf/probe00/pykilosort/spikes.clusters.npy"] = rng.integers(0, 30, 2000)
    for rel, array in files.items():
        path = session / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, array)
