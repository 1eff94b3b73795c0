"""The bridge to the collection's TypeScript (run by tsx) for the oracle tests."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
TSX = REPO / "node_modules" / ".bin" / "tsx"


def dump_collection(request: dict, files: list[Path]) -> dict:
    """What the collection's TypeScript computes over `files` (see dump_collection.ts)."""
    proc = subprocess.run([str(TSX), str(Path(__file__).parent / "dump_collection.ts"), json.dumps(request),
                           *map(str, files)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)

