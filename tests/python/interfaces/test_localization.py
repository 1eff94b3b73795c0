"""`/general/localization` (ndx-anatomical-localization) as the release writes it: read by pynwb from the
file's cached specs alone, names and columns of DANDI 000409, values equal to the probes' ALF channels
(numpy) with the CCF coordinates and regions of iblatlas itself (PyPI), rows pointing at the electrodes,
and the fidelity report's kinds. Probes without histology are left out with a note."""
from __future__ import annotations

import importlib.util
import warnings

import numpy as np
import pandas as pd
import pynwb
import pytest

from interfaces_oracle import convert, copy_session, iblatlas_regions

PROBES = ["probe00", "probe01"]
IBL_COLUMNS = ["x", "y", "z", "localized_entity", "probe_name", "atlas_id", "beryl_location", "cosmos_location",
               "brain_region"]
CCF_COLUMNS = ["x", "y", "z", "localized_entity", "probe_name", "brain_region"]
ROOT = "/general/localization"


def channels(session, probe: str) -> dict[str, np.ndarray]:
    """A probe's channel datasets, read with numpy from the sorter collection the cache records."""
    folder = next(session.folder.glob(f"alf/{probe}/*/channels.rawInd.npy"), None) or \
        session.alf(f"alf/{probe}/channels.rawInd.npy")
    folder = folder.parent
    return {
        "rawInd": np.load(folder / "channels.rawInd.npy"),
        "mlapdv": np.load(folder / "channels.mlapdv.npy"),
        "atlas_ids": np.load(folder / "channels.brainLocationIds_ccf_2017.npy"),
    }


def iblatlas_ccf(mlapdv_um: np.ndarray) -> np.ndarray:
    """IBL (ML, AP, DV) µm -> CCF (AP, DV, ML) µm with iblatlas' own AllenAtlas (the release's call,
    `atlas.xyz2ccf(coords_m, ccf_order="apdvml")`), checked to invert with `ccf2xyz`. The mock atlas
    has the real geometry (25 µm, bregma landmark, axis signs) and downloads no volume. Channels above
    the brain can lie outside the volume (DV above 332 µm): `mode="wrap"` keeps their affine value as
    is, which is what the electrodes table carries too (the release writes NaN there instead)."""
    from iblatlas.atlas import AllenAtlas

    atlas = AllenAtlas(res_um=25, mock=True)
    xyz = np.asarray(mlapdv_um, dtype=float) * 1e-6
    ccf = atlas.xyz2ccf(xyz, ccf_order="apdvml", mode="wrap")
    np.testing.assert_allclose(atlas.ccf2xyz(ccf, ccf_order="apdvml"), xyz, rtol=0, atol=1e-12)
    return ccf


@pytest.fixture(scope="module")
def nwb(converted):
    _, path, _ = converted
    io = pynwb.NWBHDF5IO(str(path), "r")
    yield io.read()
    io.close()


def tables(nwb):
    localization = nwb.lab_meta_data["localization"]
    return {name: t.to_dataframe() for name, t in localization.anatomical_coordinates_tables.items()}


def test_pynwb_reads_it_from_the_cached_specs_alone(converted):
    """No ndx-anatomical-localization package: pynwb builds the types from /specifications."""
    _, path, _ = converted
    assert importlib.util.find_spec("ndx_anatomical_localization") is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pynwb.NWBHDF5IO(str(path), "r") as io:
            localization = io.read().lab_meta_data["localization"]
            assert type(localization).__name__ == "Localization"
            assert len(localization.anatomical_coordinates_tables["ElectrodesCCFv3"]) > 0


def test_names_and_columns_follow_dandi_000409(nwb):
    localization = nwb.lab_meta_data["localization"]
    assert set(localization.spaces) == {"IBLBregma", "AllenCCFv3"}
    assert set(localization.anatomical_coordinates_tables) == {"ElectrodesIBLBregma", "ElectrodesCCFv3"}
    ibl, ccf = localization.spaces["IBLBregma"], localization.spaces["AllenCCFv3"]
    assert type(ibl).__name__ == "Space" and type(ccf).__name__ == "AllenCCFv3Space"
    assert (ibl.space_name, ibl.origin, ibl.units, ibl.orientation) == ("IBLBregma", "bregma", "um", "RAS")
    assert (ccf.space_name, ccf.units, ccf.orientation) == ("AllenCCFv3", "um", "PIR")
    assert list(ccf.extent[:]) == [13200.0, 8000.0, 11400.0]
    ibl_table = localization.anatomical_coordinates_tables["ElectrodesIBLBregma"]
    ccf_table = localization.anatomical_coordinates_tables["ElectrodesCCFv3"]
    assert list(ibl_table.colnames) == IBL_COLUMNS
    assert list(ccf_table.colnames) == CCF_COLUMNS
    for table, space in ((ibl_table, ibl), (ccf_table, ccf)):
        assert table.space is space
        assert table.method == "IBL histology alignment pipeline"
        assert table.localized_entity.table is nwb.electrodes


def test_values_equal_the_alf_channels_and_iblatlas(converted, nwb):
    session = converted[0]
    region = iblatlas_regions()
    electrodes = nwb.electrodes.to_dataframe()
    t = tables(nwb)
    ibl, ccf = t["ElectrodesIBLBregma"], t["ElectrodesCCFv3"]
    assert len(ibl) == len(ccf) == len(electrodes)
    for probe in PROBES:
        a = channels(session, probe)
        name = probe.capitalize()
        mine, theirs = ibl[ibl["probe_name"] == name], ccf[ccf["probe_name"] == name]
        assert len(mine) == len(theirs) == len(a["rawInd"])
        np.testing.assert_array_equal(mine[["x", "y", "z"]].to_numpy(), a["mlapdv"])
        np.testing.assert_allclose(theirs[["x", "y", "z"]].to_numpy(), iblatlas_ccf(a["mlapdv"]), rtol=0, atol=1e-6)
        np.testing.assert_array_equal(mine["atlas_id"].to_numpy(), a["atlas_ids"])
        assert mine["atlas_id"].dtype == np.int64
        names = [region(i) for i in a["atlas_ids"]]
        assert list(mine["brain_region"]) == list(theirs["brain_region"]) == [n[0] for n in names]
        assert list(mine["beryl_location"]) == [n[1] for n in names]
        assert list(mine["cosmos_location"]) == [n[2] for n in names]
        # Each row points at the electrode of its probe and channel, whose own values it repeats.
        for table in (mine, theirs):
            rows = electrodes.iloc[[int(r.index[0]) for r in table["localized_entity"]]]
            assert list(rows["probe_name"]) == [name] * len(rows)
            assert list(rows["channel_name"]) == [f"AP{i},LF{i}" for i in a["rawInd"]]
        rows = electrodes.iloc[[int(r.index[0]) for r in mine["localized_entity"]]]
        np.testing.assert_array_equal(rows[["ibl_x", "ibl_y", "ibl_z"]].to_numpy(), mine[["x", "y", "z"]].to_numpy())
        np.testing.assert_array_equal(rows[["x", "y", "z"]].to_numpy(), theirs[["x", "y", "z"]].to_numpy())
        assert list(rows["allen_location"]) == list(mine["brain_region"])


def test_the_report_checks_every_column_and_says_how(converted):
    _, _, report = converted
    [entry] = [i for i in report["interfaces"] if i["name"] == "localization"]
    assert entry["status"] == "written"
    checks = {a["target"]: a for a in entry["arrays"]}
    expected = {f"{ROOT}/ElectrodesIBLBregma/{c}" for c in IBL_COLUMNS} | \
        {f"{ROOT}/ElectrodesCCFv3/{c}" for c in CCF_COLUMNS}
    assert set(checks) == expected
    assert all(a["equal"] for a in checks.values())
    kinds = {t: a["kind"] for t, a in checks.items()}
    for c in ("x", "y", "z", "atlas_id"):
        assert kinds[f"{ROOT}/ElectrodesIBLBregma/{c}"] == "copied"
    for c in ("x", "y", "z"):
        check = checks[f"{ROOT}/ElectrodesCCFv3/{c}"]
        assert check["kind"] == "derived-independent", check
        assert "iblatlas" in check["against"]
    # The electrodes' x, y, z (the same values) are checked against the same recomputation.
    electrodes = {a["target"]: a for i in report["interfaces"] for a in i["arrays"]
                  if a["target"].startswith("/general/extracellular_ephys/electrodes/")}
    for c in ("x", "y", "z"):
        assert electrodes[f"/general/extracellular_ephys/electrodes/{c}"]["kind"] == "derived-independent"
    rest = [t for t in checks if kinds[t] not in ("copied", "derived-independent")]
    assert all(kinds[t] == "derived-unchecked" for t in rest)


def drop_dataset(session, rel: str) -> None:
    """Remove a dataset file and its cache record, as a session whose probe was never aligned."""
    session.alf(rel).unlink()
    table = pd.read_parquet(session.cache / "datasets.pqt")
    rows = table["rel_path"] == rel
    assert rows.sum() == 1, rel
    table[~rows].to_parquet(session.cache / "datasets.pqt")


def histology_paths(session, probe: str) -> list[str]:
    folder = next(session.folder.glob(f"alf/{probe}/*/channels.mlapdv.npy")).parent
    rel = folder.relative_to(session.folder).as_posix()
    return [f"{rel}/channels.mlapdv.npy", f"{rel}/channels.brainLocationIds_ccf_2017.npy"]


def test_a_probe_without_histology_is_left_out_with_a_note(session, tmp_path):
    copy = copy_session(session, tmp_path / "cache")
    drop_dataset(copy, histology_paths(copy, "probe01")[0])
    result = convert(copy, tmp_path / "out.nwb", "--modalities", "spike_sorting,localization")
    assert result.returncode == 0, result.stderr
    notes = [n for n in result.report.get("notes", []) if n["step"] == "localization"]
    assert len(notes) == 1 and "probe01" in notes[0]["message"] and "channels.mlapdv.npy" in notes[0]["message"]
    with pynwb.NWBHDF5IO(str(tmp_path / "out.nwb"), "r") as io:
        nwb = io.read()
        t = tables(nwb)
        for table in t.values():
            assert set(table["probe_name"]) == {"Probe00"}
        a = channels(copy, "probe00")
        np.testing.assert_array_equal(t["ElectrodesIBLBregma"][["x", "y", "z"]].to_numpy(), a["mlapdv"])


def test_no_histology_at_all_is_a_skip_or_not_available_when_asked(session, tmp_path):
    copy = copy_session(session, tmp_path / "cache")
    for probe in PROBES:
        for rel in histology_paths(copy, probe):
            drop_dataset(copy, rel)
    result = convert(copy, tmp_path / "default.nwb")
    assert result.returncode == 0, result.stderr
    [entry] = [i for i in result.report["interfaces"] if i["name"] == "localization"]
    assert entry["status"] == "skipped" and "histology" in entry["reason"], entry
    asked = convert(copy, tmp_path / "asked.nwb", "--modalities", "spike_sorting,localization")
    assert asked.returncode != 0 and "localization" in asked.stderr and "histology" in asked.stderr
    assert not (tmp_path / "asked.nwb").exists()


def test_localization_alone_writes_the_electrodes_it_refers_to(session, tmp_path):
    out = tmp_path / "localization.nwb"
    result = convert(session, out, "--modalities", "localization")
    assert result.returncode == 0, result.stderr
    status = {i["name"]: i["status"] for i in result.report["interfaces"]}
    assert status == {"electrodes": "written", "localization": "written"}
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        assert nwb.units is None
        ccf = tables(nwb)["ElectrodesCCFv3"]
        assert len(ccf) == len(nwb.electrodes)
        assert nwb.lab_meta_data["localization"].anatomical_coordinates_tables["ElectrodesCCFv3"] \
            .localized_entity.table is nwb.electrodes


def test_histology_with_a_row_missing_is_refused_naming_the_file(session, tmp_path):
    """A histology file one row short would leave a channel's coordinates NaN or its region 'void'
    without a word, in the electrodes and localization tables alike: the conversion fails naming it."""
    from interfaces_oracle import leftovers, restamp_dataset

    copy = copy_session(session, tmp_path / "cache")
    rel = histology_paths(copy, "probe01")[0]
    np.save(copy.alf(rel), np.load(copy.alf(rel))[:-1])
    restamp_dataset(copy, rel)
    result = convert(copy, tmp_path / "out.nwb", "--modalities", "spike_sorting")
    assert result.returncode != 0
    assert rel in result.stderr and "rows but channels.rawInd has" in result.stderr, result.stderr
    assert leftovers(tmp_path) == []


def test_a_revised_histology_is_read_and_its_revision_recorded(session, tmp_path):
    """A newer revision of a probe's alignment wins (ONE's rule), and the file records the revision
    localization read, as the release pins the histology's."""
    import json

    from cache_records import republish

    copy = copy_session(session, tmp_path / "cache")
    rel = histology_paths(copy, "probe00")[0]
    folder, name = rel.rsplit("/", 1)
    revised_rel = f"{folder}/#2025-05-06#/{name}"
    revised = np.load(copy.alf(rel)) + 1.5
    copy.alf(revised_rel).parent.mkdir()
    np.save(copy.alf(revised_rel), revised)
    table = pd.read_parquet(copy.cache / "datasets.pqt")
    row = table[table["rel_path"] == rel].copy()
    row["rel_path"] = revised_rel
    row.index = pd.MultiIndex.from_tuples([(i[0], i[1][:-4] + "beef") for i in row.index], names=table.index.names)
    pd.concat([table, row]).to_parquet(copy.cache / "datasets.pqt")
    republish(copy.cache, copy.alf(revised_rel))
    out = tmp_path / "revised.nwb"
    result = convert(copy, out, "--modalities", "spike_sorting,localization")
    assert result.returncode == 0, result.stderr
    with pynwb.NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        ibl = tables(nwb)["ElectrodesIBLBregma"]
        np.testing.assert_array_equal(ibl[ibl["probe_name"] == "Probe00"][["x", "y", "z"]].to_numpy(), revised)
        revisions = json.loads(nwb.lab_meta_data["ibl_metadata"].revisions)
        assert revisions["localization"] == revisions["spike_sorting"] == "2025-05-06"
