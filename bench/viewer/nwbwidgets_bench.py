"""nwbwidgets on the same steps as viewer_bench.ts, for the comparison in README.md.

    python bench/viewer/nwbwidgets_bench.py FILE.nwb

Run with a Python that has pynwb, nwbwidgets and ipykernel (bench/viewer/README.md says how to make
one). Steps, each timed with the bytes h5py read from the file (a counting file object under
h5py, so every read HDF5 makes is seen):

1. open → tree shown: ``NWBHDF5IO(...).read()`` and ``nwb2widget(nwbfile)``, the widget nwbwidgets
   shows for a file;
2. Units widget: ``nwb2widget(nwbfile.units)``, what clicking "units" shows (its first tab);
3. session raster: ``RasterWidget(units)``, the "Session Raster" tab, as it opens (its default
   first 30 units and 5 s window, drawn with matplotlib);
4. first 10 s raster: the same widget with its window set to 10 s (a redraw), then with 100 units
   shown as in viewer_bench.ts (another redraw).

This runs in-process, without a browser: it measures the kernel-side work (reading, building the
widgets, and drawing each open matplotlib figure with Agg: `renderMs`, included in `ms`) and excludes
sending and rendering the widgets in JupyterLab, so it is a lower bound for nwbwidgets. Prints JSON.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
import types
import warnings

os.environ.setdefault("MPLBACKEND", "Agg")


def _stub_ndx_icephys_meta() -> None:
    """nwbwidgets 0.11.3 imports ndx-icephys-meta, whose spec no longer loads with pynwb >= 2.4
    (the extension became part of NWB core: "Cannot resolve included group spec
    'intracellular_recordings' ..."). It is used only to route SweepSequences objects, which these
    files do not have, so a stand-in module lets nwbwidgets import."""
    package = types.ModuleType("ndx_icephys_meta")
    icephys = types.ModuleType("ndx_icephys_meta.icephys")

    class SweepSequences:  # never matched: no object in the file is of this type
        pass

    icephys.SweepSequences = SweepSequences
    package.icephys = icephys
    sys.modules["ndx_icephys_meta"] = package
    sys.modules["ndx_icephys_meta.icephys"] = icephys


class CountingFile(io.RawIOBase):
    """A read-only file object that counts the bytes and reads h5py asks for."""

    def __init__(self, path: str):
        super().__init__()
        self._file = open(path, "rb")
        self.bytes = 0
        self.reads = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def readinto(self, buffer) -> int:
        n = self._file.readinto(buffer)
        self.bytes += n or 0
        self.reads += 1
        return n

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        self.bytes += len(data)
        self.reads += 1
        return data

    def close(self) -> None:
        self._file.close()
        super().close()


def main() -> None:
    path = sys.argv[1]
    size = os.path.getsize(path)
    started = time.perf_counter()
    _stub_ndx_icephys_meta()
    import h5py
    import matplotlib.pyplot as plt
    from nwbwidgets import nwb2widget
    from nwbwidgets.misc import RasterWidget
    from pynwb import NWBHDF5IO
    import_ms = round(1000 * (time.perf_counter() - started))

    counter = CountingFile(path)
    steps: list[dict] = []
    last = {"bytes": 0, "reads": 0, "clock": time.perf_counter()}

    def render() -> float:
        """Draw every open matplotlib figure, as the browser's display of the widget would make it:
        with the Agg backend nothing is drawn until asked, so without this the figure's drawing
        (~55-90 ms a raster) would be left out. Returns its milliseconds (included in the step's)."""
        start = time.perf_counter()
        for number in plt.get_fignums():
            plt.figure(number).canvas.draw()
        return 1000 * (time.perf_counter() - start)

    def mark(step: str, detail: str = "") -> None:
        render_ms = render()
        now = time.perf_counter()
        bytes_ = counter.bytes - last["bytes"]
        steps.append({
            "step": step,
            "ms": round(1000 * (now - last["clock"])),
            "renderMs": round(render_ms),
            "bytes": bytes_,
            "reads": counter.reads - last["reads"],
            "percentOfFile": round(100 * bytes_ / size, 3),
            "detail": detail,
        })
        last.update(bytes=counter.bytes, reads=counter.reads, clock=time.perf_counter())

    # nwbwidgets prints (e.g. the session start time) to stdout: keep it for the JSON.
    with warnings.catch_warnings(), contextlib.redirect_stdout(sys.stderr):
        warnings.simplefilter("ignore")
        h5 = h5py.File(counter, "r")
        nwb_io = NWBHDF5IO(file=h5, mode="r", load_namespaces=True)
        nwbfile = nwb_io.read()
        nwb2widget(nwbfile)
        mark("open → tree shown", "NWBHDF5IO.read() + nwb2widget(nwbfile)")
        units = nwbfile.units
        nwb2widget(units)
        mark("units widget (first tab)", f"{len(units)} units")
        raster = RasterWidget(units)
        window = raster.time_window_controller.value
        shown = raster.gas.range_controller.value
        mark("session raster tab as opened",
             f"units {shown[0]}-{shown[1]}, window {window[0]:.2f}-{window[1]:.2f} s")
        # What the duration box does on a change from the browser (its observer ignores a change
        # made in Python), then the units slider: each is one redraw.
        raster.time_window_controller.value = (window[0], window[0] + 10)
        shown = raster.gas.range_controller.value
        mark("first 10 s raster", f"units {shown[0]}-{shown[1]}, window {window[0]:.2f}-{window[0] + 10:.2f} s")
        raster.gas.range_controller.value = (0, min(100, len(units)))
        shown = raster.gas.range_controller.value
        mark("first 10 s raster, 100 units", f"units {shown[0]}-{shown[1]}")
        plt.close("all")
        nwb_io.close()
        h5.close()
    print(json.dumps({
        "file": path,
        "fileBytes": size,
        "importMs": import_ms,
        "steps": steps,
        "totalBytes": counter.bytes,
        "totalPercent": round(100 * counter.bytes / size, 3),
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
