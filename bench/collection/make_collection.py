"""Build the benchmark's collection of 100 converted sessions (cached between runs).

  python bench/collection/make_collection.py [--out bench/out/collection] [--distinct 3] [--files 100] [--size bench]

1. `--distinct` sessions of the generator's `bench` size (one hour, 2 probes x 560 clusters,
   ~24 M spikes each) in OUT/cache (skipped when the cache exists: ~6 min per session on a
   loaded two-core box);
2. converted by `ibl2nwb batch` (trials, spike sorting, localization) into OUT/nwb (a re-run
   skips converted sessions);
3. OUT/collection-<files>/sNNN/<file>.nwb: `--files` entries, hard links cycling over the
   converted files, so a hundred large files fit on the disk. Indexing reads each entry through
   its own path (the cost of a file depends on its layout, not on being a distinct inode).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "collection")
    parser.add_argument("--distinct", type=int, default=3)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--seed", type=int, default=200)
    parser.add_argument("--size", default="bench", help="generator size (tiny to try the script quickly)")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    cache = out / "cache"
    if not (cache / "sessions.pqt").exists():
        subprocess.run([str(REPO / "node_modules/.bin/tsx"), str(REPO / "src/one/generate/main.ts"),
                        "--out", str(cache), "--sessions", str(args.distinct), "--seed", str(args.seed),
                        "--size", args.size, "--fixtures", str(REPO.parent / "shared" / "fixtures")],
                       cwd=REPO, check=True)
    from one.api import ONE

    eids = [str(e) for e in ONE(mode="local", cache_dir=cache).search()]
    listing = out / "eids.txt"
    listing.write_text("\n".join(eids) + "\n")
    subprocess.run(["node", str(REPO / "jupyterlab_ibl_nwb/cli/ibl2nwb.mjs"), "batch", str(listing),
                    "--cache", str(cache), "-o", str(out / "nwb"), "--jobs", "1",
                    "--modalities", "trials,spike_sorting,localization"], check=True)
    converted = sorted((out / "nwb").glob("sub-*/*.nwb"))
    if not converted:
        sys.exit(f"no converted file in {out / 'nwb'}")
    link_collection(converted, out / f"collection-{args.files}", args.files)


def link_collection(converted: list[Path], folder: Path, files: int) -> None:
    for i in range(files):
        source = converted[i % len(converted)]
        target = folder / f"s{i:03d}" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.link(source, target)
    print(f"{folder}: {files} files over {len(converted)} converted sessions")


if __name__ == "__main__":
    main()
