"""Stands in for `ibl2nwb convert --json` in job-manager tests: prints the same JSON events.

Usage: fake_converter.py MODE OUTPUT [STARTS]
MODE: ok | fail | slow | hdf5event (an error event whose message is a 4 KB HDF5 dump) | nodone (exit 0, no done event) | nofile (done event, no file) |
      longline (a 300 KB done line) | structured (a contract-2 error event and an HDF5 dump on
      stderr, exit 1) | legacy (no event, an HDF5 dump whose cause is an `ibl2nwb` line, exit 1) |
      stubborn (slow, and ignores SIGTERM) | split (two files, two done events).
STARTS: a file to which the fake appends "start <pid>" and "end <pid>" lines, so tests can count
how many ran and how many ran at once.
"""
import json
import os
import signal
import sys
import time
from pathlib import Path

mode, output = sys.argv[1], Path(sys.argv[2])
starts = Path(sys.argv[3]) if len(sys.argv) > 3 else None
part = output.with_name(output.name + ".part")


def mark(what):
    if starts is not None:
        with open(starts, "a") as stream:
            stream.write(f"{what} {os.getpid()} {time.time()}\n")


def on_term(*_):
    part.unlink(missing_ok=True)
    mark("end")
    sys.exit(130)


signal.signal(signal.SIGTERM, signal.SIG_IGN if mode == "stubborn" else on_term)
mark("start")


def emit(**event):
    print(json.dumps(event), flush=True)


def hdf5_dump(cause):
    for k in range(60):
        print(f"  #{k:03d}: H5FDsec2.c line {100 + k} in H5FD__sec2_open(): unable to open file, errno = 28", file=sys.stderr)
    print(cause, file=sys.stderr)


part.write_bytes(b"partial")
steps = ["trials", "wheel", "probe00"]
for index, step in enumerate(steps):
    emit(type="step", step=step, title=step.title(), index=index, total=len(steps))
    for k in range(1, 5):
        time.sleep(0.5 if mode in ("slow", "stubborn") else 0.01)
        emit(type="progress", step=step, fraction=k / 4, overall=(index + k / 4) / len(steps))
    if mode == "fail" and step == "wheel":
        part.unlink()
        emit(type="error", message="alf/_ibl_wheel.position.npy is truncated: re-download it")
        print("ibl2nwb: alf/_ibl_wheel.position.npy is truncated: re-download it", file=sys.stderr)
        mark("end")
        sys.exit(1)
    if mode == "structured" and step == "wheel":
        part.unlink()
        emit(type="error", code="METADATA_INVALID", message="NWBFile.session_start_time is not a date: fix it in the form",
             field="NWBFile.session_start_time", advice="Use YYYY-MM-DDTHH:MM:SS", report={"status": "failed"})
        hdf5_dump("H5Fcreate(): unable to create file")
        mark("end")
        sys.exit(2)
    if mode == "hdf5event" and step == "wheel":
        part.unlink()
        dump = "HDF5-DIAG: Error detected in HDF5 (2.0.0):\n" + "".join(
            f"  #{k:03d}: H5Dio.c line {k} in H5D__write(): can't write data\n    major: Dataset\n    minor: Write failed\n"
            for k in range(40)
        ) + (f"  #040: H5FDsec2.c line 775 in H5FD__sec2_write(): file write failed: time = now\n, filename = '{part}',"
             " file descriptor = 3, errno = 28, error message = 'No space left on device', buf = 0x1\n")
        emit(type="error", message=dump)
        mark("end")
        sys.exit(1)
    if mode == "legacy" and step == "wheel":
        part.unlink()
        print("ibl2nwb convert: cannot create nwb/x.nwb: the folder does not exist", file=sys.stderr)
        hdf5_dump("H5Fcreate(): unable to create file")
        mark("end")
        sys.exit(1)
part.rename(output)
mark("end")
if mode == "nodone":
    output.unlink()
    sys.exit(0)
if mode == "nofile":
    output.unlink()
report = {"status": "done", "output": str(output), "interfaces": []}
if mode == "longline":
    report["interfaces"] = [{"name": f"x{k}", "status": "written", "note": "y" * 100} for k in range(3000)]
emit(type="done", report=report, reportPath=str(output.with_suffix(".report.json")))
if mode == "split":
    raw = output.with_name(output.stem + "_raw.nwb")
    raw.write_bytes(b"raw")
    emit(type="done", file="raw", report={"status": "done", "output": str(raw), "interfaces": []})
