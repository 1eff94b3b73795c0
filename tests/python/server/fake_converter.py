"""Stands in for `ibl2nwb convert --json` in job-manager tests: prints the same JSON events.

Usage: fake_converter.py MODE OUTPUT   (MODE: ok | fail | slow)
"""
import json
import signal
import sys
import time
from pathlib import Path

mode, output = sys.argv[1], Path(sys.argv[2])
part = output.with_name(output.name + ".part")


def on_term(*_):
    part.unlink(missing_ok=True)
    sys.exit(130)


signal.signal(signal.SIGTERM, on_term)


def emit(**event):
    print(json.dumps(event), flush=True)


part.write_bytes(b"partial")
steps = ["trials", "wheel", "probe00"]
for index, step in enumerate(steps):
    emit(type="step", step=step, title=step.title(), index=index, total=len(steps))
    for k in range(1, 5):
        time.sleep(0.5 if mode == "slow" else 0.01)
        emit(type="progress", step=step, fraction=k / 4, overall=(index + k / 4) / len(steps))
    if mode == "fail" and step == "wheel":
        part.unlink()
        emit(type="error", message="alf/_ibl_wheel.position.npy is truncated: re-download it")
        print("ibl2nwb: alf/_ibl_wheel.position.npy is truncated: re-download it", file=sys.stderr)
        sys.exit(1)
part.rename(output)
emit(type="done", report={"status": "done", "output": str(output), "interfaces": []})
