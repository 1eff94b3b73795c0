"""Stands in for `ibl2nwb convert --json` in the job-validation tests: writes a real NWB file with
pynwb (rate 0 Hz: a known CRITICAL inspector finding) through OUTPUT.part, then the done event.

Usage: nwb_converter.py OUTPUT
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nwb_files import write_nwb  # noqa: E402

output = Path(sys.argv[1])
part = output.with_name(output.name + ".part")
write_nwb(part, rate=0.0)
part.rename(output)
report = {"status": "done", "output": str(output), "interfaces": []}
print(json.dumps({"type": "done", "report": report}), flush=True)
