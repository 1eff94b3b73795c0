"""#14 benchmark, ours and nwbwidgets side by side in one run: first frame of a 2 GB TwoPhotonSeries,
first traces of a 1 h 384-channel LFP (the file of ``make_views_nwb.py``).

    flock-free: the script takes /tmp/ibl-bench.lock itself around each timed part
    NWBW_PYTHON=/tmp/…/venv/bin/python python bench/viewer/views_side_by_side.py FILE.nwb [--runs 2]

1. ours: ``node bench/viewer/run_views_bench.mjs FILE`` (the worker's reads: h5wasm behind the page
   cache, bytes = what would be fetched from ``/files/``), the baseline;
2. nwbwidgets: this script again under ``NWBW_PYTHON`` (a venv with nwbwidgets, never the project's),
   ``--nwbwidgets FILE``: in a fresh process, h5py on a counting file object (every byte HDF5 reads),
   ``NWBHDF5IO.read()`` + ``nwb2widget(nwbfile)``; then ``nwb2widget(TwoPhotonSeries)`` (its
   ``TwoPhotonSeriesWidget`` reads frame 0 and encodes it as a PNG with ``px.imshow(binary_string=True)``:
   the image the browser then shows), a slider jump to the middle frame; ``nwb2widget(ElectricalSeries)``
   (``ElectricalSeriesWidget``: its default window and first 30 channels drawn by matplotlib, drawn here
   with Agg, the step's ``renderMs``), and its channel slider moved to the last 30 channels.
   Import time is reported apart. Kernel side only: sending the widget to the browser and the browser's
   drawing are not counted (a lower bound for nwbwidgets).
Prints the load average, both JSONs, and nwbwidgets / ours ratios per step.
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import io
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LOCK = "/tmp/ibl-bench.lock"


@contextlib.contextmanager
def bench_lock():
    with open(LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def nwbwidgets_steps(path: str) -> dict:
    """The nwbwidgets side, in this (nwbwidgets) Python."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.path.insert(0, str(HERE))
    from nwbwidgets_bench import CountingFile, _stub_ndx_icephys_meta

    size = os.path.getsize(path)
    started = time.perf_counter()
    _stub_ndx_icephys_meta()
    import h5py
    import ipywidgets
    import matplotlib.pyplot as plt
    from nwbwidgets import nwb2widget
    from pynwb import NWBHDF5IO
    import_ms = round(1000 * (time.perf_counter() - started))
    counter = CountingFile(path)
    steps: list[dict] = []
    last = {"bytes": 0, "reads": 0, "clock": time.perf_counter()}

    def mark(step: str, detail: str = "") -> None:
        render = time.perf_counter()
        # Agg draws only when asked: draw the figures the step made or changed (stale), once,
        # as the browser's display of the widget's PNG would need them.
        for number in plt.get_fignums():
            if plt.figure(number).stale:
                plt.figure(number).canvas.draw()
        now = time.perf_counter()
        steps.append({
            "step": step, "ms": round(1000 * (now - last["clock"])),
            "renderMs": round(1000 * (now - render)),
            "bytes": counter.bytes - last["bytes"], "reads": counter.reads - last["reads"],
            "percentOfFile": round(100 * (counter.bytes - last["bytes"]) / size, 4), "detail": detail,
        })
        last.update(bytes=counter.bytes, reads=counter.reads, clock=time.perf_counter())

    def find(widget, kind):
        """The first widget of `kind` inside `widget` (depth first)."""
        if isinstance(widget, kind):
            return widget
        for child in getattr(widget, "children", ()):
            found = find(child, kind)
            if found is not None:
                return found
        return None

    with warnings.catch_warnings(), contextlib.redirect_stdout(sys.stderr):
        warnings.simplefilter("ignore")
        h5 = h5py.File(counter, "r")
        nwb_io = NWBHDF5IO(file=h5, mode="r", load_namespaces=True)
        nwbfile = nwb_io.read()
        nwb2widget(nwbfile)
        mark("open → tree shown", "NWBHDF5IO.read() + nwb2widget(nwbfile)")
        movie = nwbfile.acquisition["TwoPhotonSeries"]
        widget = nwb2widget(movie)
        figure = getattr(widget, "figure", None)
        png = len(figure.data[0].source) if figure is not None and figure.data else 0
        mark("first frame of the TwoPhotonSeries",
             f"{type(widget).__name__}: frame 0 of {movie.data.shape}, PNG data URI of {png} chars")
        slider = find(widget, ipywidgets.IntSlider)
        slider.value = movie.data.shape[0] // 2
        mark("a frame in the middle (slider jump)", f"frame {slider.value}")
        lfp = nwbfile.processing["ecephys"]["LFP"].electrical_series["ElectricalSeriesLf"]
        try:
            traces = nwb2widget(lfp)
            failure = ""
        except KeyError as error:
            # nwbwidgets 0.11.3 names the rows of a trace widget by its table's type, from a map
            # that predates pynwb 3's ElectrodesTable: `KeyError: 'ElectrodesTable'`, no traces.
            # What a user sees is that error; to measure the reading and drawing anyway, the
            # electrodes table is presented as the DynamicTable it was before pynwb 3, once.
            mark("LFP widget as released: error", f"KeyError: {error}")
            failure = f" (after the stand-in for KeyError {error})"
            table = type(nwbfile.electrodes)
            original = table.neurodata_type
            table.neurodata_type = "DynamicTable"
            try:
                traces = nwb2widget(lfp)
            finally:
                table.neurodata_type = original
        window = traces.time_window_controller.value
        shown = traces.gas.range_controller.value if traces.gas.range_controller is not None else None
        mark("first traces of the LFP",
             f"{type(traces).__name__}: channels {shown}, window {window[0]:.2f}-{window[1]:.2f} s of {lfp.data.shape}{failure}")
        if traces.gas.range_controller is not None:
            channels = lfp.data.shape[1]
            traces.gas.range_controller.value = (channels - 30, channels)
            mark("channels 354–383 (paging)", f"channels {traces.gas.range_controller.value}")
        plt.close("all")
        nwb_io.close()
        h5.close()
    return {"file": path, "fileBytes": size, "importMs": import_ms, "steps": steps,
            "totalBytes": counter.bytes, "totalPercent": round(100 * counter.bytes / size, 4)}


def ours(path: str) -> dict:
    with bench_lock():
        out = subprocess.run(["node", str(HERE / "run_views_bench.mjs"), path], cwd=REPO,
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def theirs(path: str, python: str) -> dict:
    with bench_lock():
        out = subprocess.run([python, str(Path(__file__).resolve()), "--nwbwidgets", path],
                             cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


# Steps compared: (label, our step's prefix, nwbwidgets' step's prefix).
PAIRS = [
    ("open → tree shown", "open", "open"),
    ("first frame (2 GB TwoPhotonSeries)", "first frame", "first frame"),
    ("a frame in the middle", "a frame in the middle", "a frame in the middle"),
    ("first traces (1 h, 384-channel LFP)", "first traces", "first traces of the LFP"),
    ("channel paging", "channels", "channels"),
]


def step(result: dict, prefix: str) -> dict | None:
    return next((s for s in result["steps"] if s["step"].startswith(prefix)), None)


def errors(result: dict) -> list[dict]:
    return [s for s in result["steps"] if s["step"].endswith("error")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--nwbwidgets", action="store_true", help="(internal) run the nwbwidgets side here")
    parser.add_argument("--runs", type=int, default=1, help="alternating runs of each side")
    args = parser.parse_args()
    if args.nwbwidgets:
        print(json.dumps(nwbwidgets_steps(args.file), ensure_ascii=False))
        return
    python = os.environ.get("NWBW_PYTHON")
    if not python:
        sys.exit("set NWBW_PYTHON to a Python that has nwbwidgets (see bench/viewer/README.md)")
    runs = []
    for run in range(args.runs):
        load = os.getloadavg()
        base = ours(args.file)
        other = theirs(args.file, python)
        runs.append({"run": run + 1, "loadAverageAtStart": load, "loadAverageAtEnd": os.getloadavg(),
                     "ours": base, "nwbwidgets": other})
        print(f"run {run + 1}: load average {load[0]:.1f} → {os.getloadavg()[0]:.1f}; "
              f"nwbwidgets import {other['importMs']} ms (not counted)")
        size = base["fileBytes"]
        print(f"{'step':38} {'ours ms':>8} {'ours bytes':>12} {'nwbw ms':>8} {'nwbw bytes':>14} "
              f"{'ms ×':>7} {'bytes ×':>8}  (% of the {size / 1e9:.1f} GB file: ours / nwbwidgets)")
        for label, mine, yours in PAIRS:
            a, b = step(base, mine), step(other, yours)
            if not a or not b:
                print(f"{label:38} missing on one side")
                continue
            ms_ratio = b["ms"] / max(a["ms"], 1)
            bytes_ratio = b["bytes"] / a["bytes"] if a["bytes"] else float("inf")
            print(f"{label:38} {a['ms']:8} {a['bytes']:12} {b['ms']:8} {b['bytes']:14} "
                  f"{ms_ratio:7.1f} {bytes_ratio:8.1f}  ({a['percentOfFile']} % / {b['percentOfFile']} %)")
        for failed in errors(other):
            print(f"nwbwidgets: {failed['step']} after {failed['ms']} ms: {failed['detail']}")
    print(json.dumps(runs, ensure_ascii=False))


if __name__ == "__main__":
    main()
