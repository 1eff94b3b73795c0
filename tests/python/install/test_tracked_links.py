"""No tracked symbolic link points outside the repository (or at itself): a committed `.venv` link to a
developer's checkout once made a "clean" clone install into that checkout's environment, and a checkout then
replaced the real `.venv` with a link to itself."""
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def tracked_links():
    listing = subprocess.run(["git", "ls-files", "-s"], cwd=REPO, capture_output=True, text=True, check=True)
    return [line.split("\t", 1)[1] for line in listing.stdout.splitlines() if line.startswith("120000 ")]


def test_tracked_links_stay_inside_the_repository():
    outside = []
    for name in tracked_links():
        target = subprocess.run(["git", "cat-file", "-p", f"HEAD:{name}"], cwd=REPO, capture_output=True,
                                text=True).stdout or os.readlink(REPO / name)
        resolved = (REPO / name).parent.joinpath(target).resolve()
        if REPO.resolve() not in resolved.parents or resolved == (REPO / name).resolve(strict=False):
            outside.append(f"{name} -> {target}")
    assert outside == [], f"tracked links leaving the repository: {outside}"


def test_environment_folders_are_not_tracked():
    tracked = subprocess.run(["git", "ls-files", ".venv", "node_modules"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.split()
    assert tracked == []
