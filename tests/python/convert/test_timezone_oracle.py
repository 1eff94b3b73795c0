"""Session start times localised in TypeScript agree with Python's zoneinfo (the IANA database)."""
import json
import random
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[3]
TSX = REPO / "node_modules" / ".bin" / "tsx"

# Zones of IBL labs and a few awkward ones (half-hour, southern hemisphere DST).
ZONES = ["Europe/London", "Europe/Lisbon", "Europe/Zurich", "America/New_York", "America/Los_Angeles",
         "Asia/Kolkata", "Australia/Adelaide", "UTC"]


def test_offsets_match_zoneinfo():
    rng = random.Random(20261126)
    pairs = []
    for zone in ZONES:
        for _ in range(40):
            t = datetime(2016, 1, 1) + timedelta(seconds=rng.randrange(0, 10 * 365 * 86400))
            pairs.append([t.strftime("%Y-%m-%dT%H:%M:%S"), zone])
    result = subprocess.run([str(TSX), str(Path(__file__).with_name("localise_times.ts"))],
                            input=json.dumps(pairs), capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr
    ours = json.loads(result.stdout)
    mismatches = []
    for (naive, zone), got in zip(pairs, ours, strict=True):
        local = datetime.fromisoformat(naive).replace(tzinfo=ZoneInfo(zone))
        # Wall times in a spring-forward gap do not exist; zoneinfo and we may pick different sides.
        roundtrip = local.astimezone(ZoneInfo("UTC")).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        if roundtrip != datetime.fromisoformat(naive):
            continue
        expected = local.isoformat()
        if got != expected:
            mismatches.append((naive, zone, got, expected))
    assert not mismatches, mismatches[:10]
    assert len(ours) == len(pairs)
