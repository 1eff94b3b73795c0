"""Build the release files as a user of a clone would, and make fresh environments to install them in.

A clean copy is what `git clone` gives (tracked and untracked-but-not-ignored files of the working tree,
so uncommitted work is tested too), never the working tree's build leftovers. Its node_modules is a
hard-linked copy of the repository's, standing in for the `npm ci` of the same package-lock.json
(minutes of downloads); the build's own `npm install` still runs on it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Marks files a test leaves in the working tree as if from an older build (never to be packed).
STALE = "// STALE: left in the working tree by an older build\n"


def run(*args, timeout: float = 600, **kwargs) -> str:
    """Run a command; its stdout+stderr (ANSI colours removed), or an assertion naming it."""
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kwargs)
    output = ANSI.sub("", result.stdout + result.stderr)
    assert result.returncode == 0, f"{' '.join(map(str, args))} exited {result.returncode}\n{output[-4000:]}"
    return output


def clean_copy(dest: Path) -> Path:
    """The files a clone has, copied to `dest`, with node_modules hard-linked (stands in for `npm ci`)."""
    listing = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    for name in filter(None, listing.split("\0")):
        source = REPO / name
        if source.is_file():  # deleted-but-not-committed files are listed too
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    if not (REPO / "node_modules").is_dir():
        raise AssertionError(f"{REPO}/node_modules is missing: run `npm ci` first")
    run("cp", "-al", REPO / "node_modules", dest / "node_modules")
    return dest


PRIVATE = {"PATH", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CONDA_PREFIX", "NODE_PATH", "IBL2NWB_NODE",
           "JUPYTER_PATH", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "PIP_CACHE_DIR"}
NODE_TOOLS = {"node", "nodejs", "npm", "npx", "corepack", "yarn", "pnpm"}
_system_without_node: Path | None = None


def system_without_node() -> Path:
    """A folder of links to every program of the system's bin folders except Node's, so tests have the
    system's tools (bash, git, …) but no Node to fall back on."""
    global _system_without_node
    if _system_without_node is None:
        folder = Path(tempfile.mkdtemp(prefix="system-without-node-"))
        for source in ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"):
            if not Path(source).is_dir():
                continue
            for program in Path(source).iterdir():
                if program.name not in NODE_TOOLS and not (folder / program.name).exists():
                    (folder / program.name).symlink_to(program)
        _system_without_node = folder
    return _system_without_node


# This machine's pip cache, shared by the tests' fresh venvs so each does not download JupyterLab again
# (tests that give HOME another folder keep using it, unless they set PIP_CACHE_DIR themselves).
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")


def without_node_env(extra_path: list[Path] = (), **env: str) -> dict[str, str]:
    """An environment whose PATH holds `extra_path` and the system's programs, but no Node."""
    folders = [str(p) for p in extra_path] + [str(system_without_node())]
    # The machine's settings (certificate bundles, proxies, locale) pass; nothing that would make the
    # fresh environment import or run the repository's own code, or another Python or Node, does.
    base = {k: v for k, v in os.environ.items() if k not in PRIVATE}
    return {**base, "PIP_CACHE_DIR": PIP_CACHE, "PATH": os.pathsep.join(folders), **env}


def must_not_find_node(env: dict[str, str]) -> None:
    found = shutil.which("node", path=env["PATH"]) or shutil.which("npm", path=env["PATH"])
    assert found is None, f"{found} is on the test's PATH"


def build_sdist(copy: Path, out: Path) -> Path:
    """`python -m hatchling build -t sdist` in the copy: runs `npm install` and the JS build."""
    run(sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", out, cwd=copy)
    (sdist,) = out.glob("jupyterlab_ibl_nwb-*.tar.gz")
    return sdist


def wheel_from_sdist(sdist: Path, work: Path, out: Path) -> Path:
    """Unpack the sdist and build its wheel with no Node on PATH (the sdist ships the built JS)."""
    with tarfile.open(sdist) as archive:
        archive.extractall(work)
    (root,) = work.iterdir()
    env = without_node_env([Path(sys.executable).parent], HOME=str(work))
    must_not_find_node(env)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, ".",
        cwd=root, env=env)
    (wheel,) = out.glob("jupyterlab_ibl_nwb-*.whl")
    return wheel


def find_python(version: str) -> Path:
    """An interpreter of `version` (e.g. "3.10"): on PATH or in pyenv's folder; fails saying how to get it."""
    found = shutil.which(f"python{version}")
    candidates = [Path(found)] if found else []
    candidates += sorted(Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"), "versions").glob(
        f"{version}.*/bin/python{version}"))
    for candidate in candidates:
        out = subprocess.run([candidate, "-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip() == version:
            return candidate.resolve() if not found else candidate
    raise AssertionError(
        f"Python {version} (the lowest this package claims, requires-python in pyproject.toml) is not on this "
        f"machine: install it (pyenv install {version}, or Debian's python{version}) or raise the claim."
    )


def make_venv(python: Path, where: Path) -> Path:
    """A fresh virtual environment made by `python`; its bin folder."""
    run(python, "-m", "venv", where)
    return where / "bin"
