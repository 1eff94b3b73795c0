"""End to end with real movies: a session generated with `--video yes` (H.264 movies whose frames
draw their own index, src/one/generate/movie.ts) converted with `--video`. pynwb's external_file
resolves, next to the NWB file, to a movie with one frame per timestamp (ffprobe counts them), and
frame k of the movie decodes (ffmpeg, read here from the documented 4 × 4 bit grid) to k: the
movie the viewer plays is the one the timestamps describe, frame for frame."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli

REPO = Path(__file__).resolve().parents[3]
TSX = REPO / "node_modules" / ".bin" / "tsx"
GRID = 4  # code cells per side; cell b (row b // 4, column b % 4) is white when bit b of the index is set

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg (scripts/install-system-deps.sh)")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    cache = tmp_path_factory.mktemp("movies") / "cache"
    proc = subprocess.run([str(TSX), "src/one/generate/main.ts", "--out", str(cache), "--sessions", "1",
                           "--seed", "5", "--size", "tiny", "--video", "yes"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    row = pd.read_parquet(cache / "sessions.pqt").reset_index().iloc[0]
    folder = cache / row["lab"] / "Subjects" / row["subject"] / str(row["date"])[:10] / f"{int(row['number']):03d}"
    return cache, str(row["id"]), folder


def frame_count(movie: Path) -> int:
    out = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                          "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", str(movie)],
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip())


def decoded_indices(movie: Path) -> np.ndarray:
    """The index drawn in every frame: decode to 16 × 16 grey (4 px a cell), read each cell's centre."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(movie), "-vf", "scale=16:16:flags=area",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, 16, 16)
    cell = 16 // GRID
    centres = frames[:, cell // 2::cell, cell // 2::cell].reshape(len(frames), GRID * GRID)
    bits = (centres > 128).astype(np.int64)
    return (bits << np.arange(GRID * GRID)).sum(axis=1)


def test_generated_movies_have_one_coded_frame_per_camera_time(session):
    _, _, folder = session
    for view in ("left", "right", "body"):
        movie = folder / "raw_video_data" / f"_iblrig_{view}Camera.raw.mp4"
        times = np.load(folder / "alf" / f"_ibl_{view}Camera.times.npy")
        np.testing.assert_array_equal(decoded_indices(movie), np.arange(len(times)))


def test_converted_external_file_resolves_to_the_movie_of_the_timestamps(node, session, tmp_path):
    cache, eid, folder = session
    out = tmp_path / "out" / "session.nwb"
    out.parent.mkdir()
    result = subprocess.run([node, find_cli(), "convert", eid, "--cache", str(cache), "-o", str(out),
                             "--modalities", "trials", "--video"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    with NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        for view in ("Left", "Right", "Body"):
            series = nwb.acquisition[f"Video{view}Camera"]
            (external,) = series.external_file[:]
            assert list(series.starting_frame) == [0]
            # NWB: external_file paths are relative to the NWB file's folder.
            movie = (out.parent / external).resolve()
            assert movie.is_file(), external
            timestamps = series.timestamps[:]
            np.testing.assert_array_equal(timestamps, np.load(folder / "alf" / f"_ibl_{view.lower()}Camera.times.npy"))
            assert frame_count(movie) == len(timestamps)
            assert decoded_indices(movie)[[0, len(timestamps) // 2, -1]].tolist() == [
                0, len(timestamps) // 2, len(timestamps) - 1]
