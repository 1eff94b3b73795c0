"""The viewer's units filter and its "Copy code" output, run for real on a session generated and
converted by the project's CLI.

- The filter (TypeScript, through h5wasm as in the browser) keeps exactly the units an independent
  numpy computation keeps: h5py columns, the unit's `max_electrode` for its peak electrode, and the
  Allen hierarchy from iblatlas' CSV `structure_id_path` (not the viewer's generated table).
- The generated pynwb snippet, run in a fresh Python process beside the file, loads the same
  object, returns the same kept units (its pandas query) and the same spikes / samples in the
  viewer's time window as h5py and numpy read them.
- The snippet for a file opened from a URL reads it with remfile over HTTP Range requests (a
  local server that honours Range, nothing on disk beside the notebook) with the same results.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import h5py
import numpy as np
import pytest

from jupyterlab_ibl_nwb.node import find_cli

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TSX = REPO / "node_modules" / ".bin" / "tsx"
ATLAS = REPO / "jupyterlab_ibl_nwb" / "atlas" / "allen_structure_tree.csv"
NAME = "session.nwb"


@pytest.fixture(scope="module")
def session(node, tmp_path_factory) -> Path:
    cli = find_cli()
    if cli is None:
        pytest.fail("the CLI bundle is missing: run `npm run build:cli`")
    work = tmp_path_factory.mktemp("code")
    cache = work / "cache"
    generated = subprocess.run(
        [str(TSX), "src/one/generate/main.ts", "--out", str(cache), "--sessions", "1", "--seed", "3",
         "--size", "tiny"], cwd=REPO, capture_output=True, text=True, timeout=300, check=True).stdout
    eid = generated.split("eid ", 1)[1].split()[0]
    out = work / NAME
    converted = subprocess.run([node, cli, "convert", eid, "--cache", str(cache), "-o", str(out)],
                               capture_output=True, text=True, timeout=300)
    assert converted.returncode == 0, converted.stderr
    shutil.rmtree(cache)
    return out


def bridge(path: Path, **request) -> dict:
    out = subprocess.run([str(TSX), str(HERE / "dump_code.ts"), str(path), json.dumps(request)],
                         cwd=REPO, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def run_snippet(code: str, folder: Path, *names: str) -> dict:
    """Run the generated code as a notebook cell would (cwd = the notebook's folder), then dump `names`."""
    dump = "\nimport json as _j, numpy as _np\nprint(_j.dumps({" + ", ".join(
        f"{n!r}: _np.asarray({n}).tolist() if not isinstance({n}, dict) else "
        f"{{str(k): _np.asarray(v).tolist() for k, v in {n}.items()}}" for n in names) + "}))"
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    result = subprocess.run([sys.executable, "-c", code + dump], cwd=folder, capture_output=True, text=True,
                            timeout=180, env=env)
    assert result.returncode == 0, f"{result.stderr}\n--- code ---\n{code}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def descendants(acronym: str) -> set[str]:
    """Allen regions inside `acronym` (itself included), from the CSV's structure_id_path."""
    with ATLAS.open(newline="") as f:
        rows = list(csv.DictReader(f))
    target = next(r["id"] for r in rows if r["acronym"] == acronym)
    return {r["acronym"] for r in rows if f"/{target}/" in (r["structure_id_path"] or "")}


def text(values) -> np.ndarray:
    return np.array([v.decode() if isinstance(v, bytes) else str(v) for v in values])


def filter_case(session: Path) -> tuple[str, dict, float]:
    """A filter that a wrong peak electrode would change, a window where the spikes are, and the
    depth (µm) the filter names."""
    with h5py.File(session, "r") as f:
        # Where the spikes are: a tiny session's spikes start well after 0 s.
        middle = float(np.floor(np.median(f["units/spike_times"][:])))
        units = f["units"]
        ids = f["general/extracellular_ephys/electrodes/id"][:]
        # The peak electrode from the units' own `max_electrode`, not from the order of their electrodes.
        peak_rows = np.array([int(np.flatnonzero(ids == e)[0]) for e in units["max_electrode"][:]])
        peak_depth = f["general/extracellular_ephys/electrodes/rel_y"][:][peak_rows]
        depth = float(np.percentile(peak_depth, 75))
    # Depth differs between a unit's electrodes: a wrong "peak" electrode changes the answer.
    expression = (f'region in ["MB"] and firing_rate > 1 or electrodes.location == "PAG" '
                  f'or electrodes.rel_y > {depth}')
    return expression, {"start": middle, "length": 20.0}, depth


def expected_units(session: Path, window: dict, depth: float) -> tuple[np.ndarray, dict, int]:
    """What filter_case's filter keeps, by h5py, numpy and iblatlas' CSV: the units, their spikes
    in the window, and the number of units."""
    with h5py.File(session, "r") as f:
        units = f["units"]
        allen = text(units["allen_location"][:])
        rate = units["firing_rate"][:]
        ids = f["general/extracellular_ephys/electrodes/id"][:]
        peak_rows = np.array([int(np.flatnonzero(ids == e)[0]) for e in units["max_electrode"][:]])
        peak_location = text(f["general/extracellular_ephys/electrodes/location"][:])[peak_rows]
        peak_depth = f["general/extracellular_ephys/electrodes/rel_y"][:][peak_rows]
        expected = np.flatnonzero((np.isin(allen, list(descendants("MB"))) & (rate > 1))
                                  | (peak_location == "PAG") | (peak_depth > depth))
        index = units["spike_times_index"][:]
        times = units["spike_times"][:]
        t0, t1 = window["start"], window["start"] + window["length"]
        window_spikes = {}
        for u in expected:
            train = times[(0 if u == 0 else index[u - 1]):index[u]]
            window_spikes[str(u)] = train[(train >= t0) & (train <= t1)].tolist()
    return expected, window_spikes, len(allen)


def test_filter_and_units_snippet(session):
    expression, window, depth = filter_case(session)
    result = bridge(session, object="/units", target=NAME, window=window, filter=expression)
    expected, window_spikes, total = expected_units(session, window, depth)
    # Not a vacuous filter: some units kept, some dropped.
    assert 0 < len(expected) < total
    assert result["region"] == "allen_location"
    assert result["kept"] == expected.tolist()

    assert f'NWBView("{NAME}", "/units")' in result["code"]
    ran = run_snippet(result["code"], session.parent, "kept", "spike_times")
    assert ran["kept"] == expected.tolist()
    assert ran["spike_times"] == window_spikes
    assert sum(len(v) for v in window_spikes.values()) > 0


class RangeFiles(BaseHTTPRequestHandler):
    """GET with `Range: bytes=a-b` (206 + Content-Range) or whole (200); HEAD; files of one folder."""

    folder: Path
    ranges: list[tuple[str, int]] = []

    def _file(self) -> Path | None:
        path = self.folder / self.path.lstrip("/").split("?")[0]
        return path if path.is_file() and path.parent == self.folder else None

    def do_HEAD(self):
        path = self._file()
        self.send_response(200 if path else 404)
        self.send_header("Content-Length", str(path.stat().st_size if path else 0))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()

    def do_GET(self):
        path = self._file()
        if path is None:
            self.send_error(404)
            return
        size = path.stat().st_size
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        start, end = (int(match[1]), min(int(match[2] or size - 1), size - 1)) if match else (0, size - 1)
        self.ranges.append((self.headers.get("Range", ""), end - start + 1))
        self.send_response(206 if match else 200)
        if match:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        with path.open("rb") as f:
            f.seek(start)
            try:
                for _ in range(start, end + 1, 1 << 16):
                    self.wfile.write(f.read(min(1 << 16, end + 1 - f.tell())))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the reader had what it wanted (remfile stops a whole GET after its headers)

    def log_message(self, *args):  # quiet
        pass


def test_units_snippet_of_a_url_reads_it_with_remfile(session, tmp_path):
    """The code for a file opened from a URL: remfile over Range requests, same units and spikes."""
    pytest.importorskip("remfile", reason="remfile is in the test extra: pip install -e '.[test]'")
    handler = type("Files", (RangeFiles,), {"folder": session.parent, "ranges": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/{NAME}"
        expression, window, depth = filter_case(session)
        result = bridge(session, object="/units", target=NAME, url=url, window=window, filter=expression)
        expected, window_spikes, _ = expected_units(session, window, depth)
        assert f'NWBView("{url}", "/units")' in result["code"]
        assert f'remfile.File("{url}")' in result["code"]
        # Run where no copy of the file is: it can only be read through the server.
        ran = run_snippet(result["code"], tmp_path, "kept", "spike_times")
    finally:
        server.shutdown()
    assert ran["kept"] == expected.tolist()
    assert ran["spike_times"] == window_spikes
    # Read by ranges, not the whole file (remfile's first GET, for the size, is cut off after its
    # headers; on this 4 MB file pynwb still reads ~70 % of it, in 100-200 kB ranges).
    ranged = [n for r, n in handler.ranges if r.startswith("bytes=")]
    assert len(ranged) > 1 and sum(ranged) < session.stat().st_size


def test_filter_errors_name_the_column(session):
    out = subprocess.run([str(TSX), str(HERE / "dump_code.ts"), str(session),
                          json.dumps({"object": "/units", "target": NAME, "filter": "firing_rat > 1"})],
                         cwd=REPO, capture_output=True, text=True, timeout=180)
    assert out.returncode != 0
    assert 'unknown column "firing_rat"' in out.stderr and "position 1" in out.stderr


SERIES = [
    "/processing/wheel/WheelVelocitySmoothed",   # starting_time + rate
    "/processing/pupil/LeftPupilDiameter",       # timestamps
    "/processing/pose_estimation/LeftCamera/PoseEstimationSeriesNoseTip",  # ndx-pose, 2-D data
]
WINDOW = {"start": 30.0, "length": 5.0}


@pytest.fixture(scope="module")
def series_code(session) -> dict:
    """The code for each series, from one bridge call (one file opening)."""
    requests = [{"object": path, "target": NAME, "window": WINDOW} for path in [*SERIES, "/intervals/trials"]]
    out = subprocess.run([str(TSX), str(HERE / "dump_code.ts"), str(session), json.dumps(requests)],
                         cwd=REPO, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    return dict(zip([*SERIES, "/intervals/trials"], json.loads(out.stdout), strict=True))


@pytest.mark.parametrize("path", SERIES)
def test_series_window_snippet(session, series_code, path):
    window = WINDOW
    result = series_code[path]
    ran = run_snippet(result["code"], session.parent, "data", "times")
    t0, t1 = window["start"], window["start"] + window["length"]
    with h5py.File(session, "r") as f:
        series = f[path]
        if "timestamps" in series:
            stamps = series["timestamps"][:]
        else:
            start = series["starting_time"][()]
            stamps = start + np.arange(series["data"].shape[0]) / series["starting_time"].attrs["rate"]
        inside = (stamps >= t0) & (stamps < t1)
        expected = series["data"][:][inside]
        expected_times = stamps[inside]
    assert len(expected) > 0
    np.testing.assert_array_equal(np.asarray(ran["data"]), expected)
    np.testing.assert_allclose(np.asarray(ran["times"]), expected_times)


@pytest.fixture(scope="module")
def pynwb_session(tmp_path_factory) -> Path:
    """Another writer: pynwb, regions only on the electrodes (`location`), no `max_electrode`."""
    sys.path.insert(0, str(HERE))
    from make_session_nwb import write_session

    out = tmp_path_factory.mktemp("code-pynwb") / NAME
    write_session(str(out), trials=30, units=40, seed=5)
    return out


def test_filter_on_electrode_regions_of_another_writer(pynwb_session):
    expression = 'region in ["HPF"] or (electrodes.x > -1800 and not label == 0.33)'
    result = bridge(pynwb_session, object="/units", target=NAME, filter=expression)
    with h5py.File(pynwb_session, "r") as f:
        units = f["units"]
        ends = units["electrodes_index"][:]
        first = units["electrodes"][:][np.r_[0, ends[:-1]]]
        electrodes = f["general/extracellular_ephys/electrodes"]
        location = text(electrodes["location"][:])[first]
        x = electrodes["x"][:][first]
        label = units["label"][:]
    expected = np.flatnonzero(np.isin(location, list(descendants("HPF"))) | ((x > -1800) & ~(label == 0.33)))
    assert 0 < len(expected) < len(label)
    assert result["region"] == "electrodes.location"
    assert result["kept"] == expected.tolist()
    ran = run_snippet(result["code"], pynwb_session.parent, "kept")
    assert ran["kept"] == expected.tolist()


def test_table_snippet(session, series_code):
    # `run_snippet` dumps expressions as well as names.
    ran = run_snippet(series_code["/intervals/trials"]["code"], session.parent, 'table["start_time"]')
    with h5py.File(session, "r") as f:
        start = f["intervals/trials/start_time"][:]
    assert len(start) > 0
    np.testing.assert_array_equal(ran['table["start_time"]'], start)
