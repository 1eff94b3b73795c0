"""The release files as a clone builds them: fresh (no leftovers packed), the sdist rebuilding the wheel
with no Node, the lock file left as committed, and every third-party licence shipped."""
import json
import re
import tarfile
import zipfile

from install_build import REPO

DATA = "jupyterlab_ibl_nwb-{v}.data/data/"
LAB = DATA + "share/jupyter/labextensions/jupyterlab-ibl-nwb/"


def names(release):
    return zipfile.ZipFile(release.wheel).namelist()


def read(release, name) -> str:
    return zipfile.ZipFile(release.wheel).read(name).decode()


def test_wheel_ships_prebuilt_extension_cli_sample_and_server_config(release, package_version):
    listed = names(release)
    lab = LAB.format(v=package_version)
    for required in (
        lab + "package.json",
        lab + "install.json",
        lab + "static/style.js",
        lab + "schemas/jupyterlab-ibl-nwb/plugin.json",
        DATA.format(v=package_version) + "etc/jupyter/jupyter_server_config.d/jupyterlab_ibl_nwb.json",
        "jupyterlab_ibl_nwb/cli/ibl2nwb.mjs",
        # The worker threads the CLI starts from its own folder (read-back, parallel .pqt,
        # the writer's deflate and chunk copy, mtscomp decode).
        "jupyterlab_ibl_nwb/cli/verify-worker.mjs",
        "jupyterlab_ibl_nwb/cli/parquet-worker.mjs",
        "jupyterlab_ibl_nwb/cli/deflate-worker.mjs",
        "jupyterlab_ibl_nwb/cli/copy-worker.mjs",
        "jupyterlab_ibl_nwb/cli/mtscomp-worker.mjs",
        "jupyterlab_ibl_nwb/sample/one-cache/sessions.pqt",
        "jupyterlab_ibl_nwb/sample/one-cache/datasets.pqt",
    ):
        assert required in listed, required
    # The labextension must not also be packed as package data (it would be installed twice).
    assert not any(n.startswith("jupyterlab_ibl_nwb/labextension/") for n in listed)


def test_leftovers_of_an_older_build_are_not_packed(release):
    from install_build import STALE

    wheel = zipfile.ZipFile(release.wheel)
    stale = [n for n in wheel.namelist() if n.endswith((".mjs", ".js", ".json")) and wheel.read(n) == STALE.encode()]
    assert stale == [], f"packed from an older build: {stale}"
    assert "jupyterlab_ibl_nwb/cli/chunk-STALE.mjs" not in wheel.namelist()
    with tarfile.open(release.sdist) as sdist:
        assert not [n for n in sdist.getnames() if n.endswith("chunk-STALE.mjs")]


def test_build_leaves_the_lock_file_as_committed(release):
    """`npm install` (run by the build) rewrites a lock file that lacks what it records, dirtying the tree."""
    assert (release.copy / "package-lock.json").read_bytes() == (REPO / "package-lock.json").read_bytes()


def test_h5wasm_wasm_is_shipped_once(release):
    """The CLI entry points share one chunk of h5wasm (and its embedded ~4 MB wasm)."""
    cli = {n: len(zipfile.ZipFile(release.wheel).read(n)) for n in names(release)
           if n.startswith("jupyterlab_ibl_nwb/cli/") and n.endswith(".mjs")}
    with_h5wasm = [n for n in cli if "node_modules/h5wasm/dist/node/hdf5_hl.js" in read(release, n)]
    assert len(with_h5wasm) == 1, with_h5wasm
    assert sum(cli.values()) < 9_000_000, cli


def test_plotly_is_shipped_once(release, package_version):
    """One plotly in the lab extension (a bundle of its sources with the two traces the viewer draws),
    minified: not a partial bundle for SVG plots next to the full one for `scattergl`."""
    static = LAB.format(v=package_version) + "static/"
    chunks = {n: zipfile.ZipFile(release.wheel).read(n) for n in names(release)
              if n.startswith(static) and n.endswith(".js")}
    # A class only plotly's own code uses (its notifier), in each copy of plotly's code; not the
    # plot's root class `js-plotly-plot`, which our theme code selects plots by.
    with_plotly = [n for n, code in chunks.items() if b"plotly-notifier" in code]
    assert len(with_plotly) == 1, with_plotly
    assert len(chunks[with_plotly[0]]) < 2_000_000, f"plotly's chunk is {len(chunks[with_plotly[0]])} bytes"
    # h5wasm (~4.2 MB, its wasm embedded) and plotly (~1.5 MB) are most of it; the Zarr codecs of
    # .nwb.zarr stores (numcodecs' blosc ~0.6 MB, a chunk loaded only when a store uses it) next.
    assert sum(map(len, chunks.values())) < 8_000_000, {n: len(c) for n, c in chunks.items()}


def bundled_cli_packages(release) -> set[str]:
    """Packages esbuild put into the CLI, read from its `// node_modules/<package>/<file>` markers."""
    found = set()
    for name in names(release):
        if name.startswith("jupyterlab_ibl_nwb/cli/") and name.endswith(".mjs"):
            for match in re.finditer(r"^// node_modules/((?:@[^/\n]+/)?[^/\n]+)/", read(release, name), re.M):
                found.add(match.group(1))
    return found


def test_every_package_bundled_into_the_cli_has_its_notice(release):
    notices = read(release, "jupyterlab_ibl_nwb/cli/THIRD-PARTY-NOTICES.txt")
    bundled = bundled_cli_packages(release)
    assert {"h5wasm", "hyparquet", "ajv", "yaml"} <= bundled, bundled
    for package in sorted(bundled):
        root = REPO / "node_modules" / package
        version = json.loads((root / "package.json").read_text())["version"]
        assert f"\n{package}@{version} (" in notices, f"{package} is bundled but has no notice"
        licence = next(f for f in sorted(root.iterdir()) if re.match(r"(?i)licen[cs]e", f.name))
        assert licence.read_text().strip() in notices, f"{package}: {licence.name} is not shipped intact"
    # HDF5's own notice, which h5wasm's licence carries and requires to be kept intact.
    assert "Copyright Notice and License Terms for \nHDF5 (Hierarchical Data Format 5)" in notices


def test_every_package_bundled_into_the_lab_extension_has_its_licence_text(release, package_version):
    report = json.loads(read(release, LAB.format(v=package_version) + "static/third-party-licenses.json"))
    packages = {p["name"]: p for p in report["packages"]}
    # plotly.js is built from its sources: its dependencies are bundled too, each with its licence.
    assert {"h5wasm", "plotly.js", "@plotly/d3", "regl-scatter2d", "react"} <= set(packages), sorted(packages)
    empty = [name for name, p in packages.items() if not p["extractedText"].strip()]
    assert empty == [], f"no licence text for {empty}"
    assert "HDF5 (Hierarchical Data Format 5)" in packages["h5wasm"]["extractedText"]


def test_wheel_declares_its_licence_files(release, package_version):
    listed = names(release)
    licenses = f"jupyterlab_ibl_nwb-{package_version}.dist-info/licenses/"
    for path in ("LICENSE", "jupyterlab_ibl_nwb/atlas/LICENSE", "jupyterlab_ibl_nwb/cli/THIRD-PARTY-NOTICES.txt",
                 "jupyterlab_ibl_nwb/labextension/static/third-party-licenses.json"):
        assert licenses + path in listed, path
    atlas = read(release, licenses + "jupyterlab_ibl_nwb/atlas/LICENSE")
    assert atlas.startswith("MIT License") and "International Brain Laboratory" in atlas
    metadata = read(release, f"jupyterlab_ibl_nwb-{package_version}.dist-info/METADATA")
    assert "License-Expression: BSD-3-Clause" in metadata
