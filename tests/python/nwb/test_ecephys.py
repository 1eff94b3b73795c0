"""Device, ElectrodeGroup, ElectrodesTable, ElectricalSeries and Units written by TypeScript."""
import numpy as np
import pytest

from nwb_oracles import assert_h5py_opens, assert_inspected, assert_valid, expected, read_strict


@pytest.fixture(scope="module")
def folder(written):
    return written("ecephys")


def test_reads_back_equal(folder):
    exp = expected(folder, "ecephys")
    with read_strict(folder / "ecephys.nwb") as nwb:
        device = nwb.devices["Probe00"]
        assert device.description == "Neuropixels 1.0 probe"
        assert device.serial_number == "18005102151"
        assert device.model.manufacturer == "IMEC"
        assert device.model.model_number == "PRB_1_4_0480_1"
        group = nwb.electrode_groups["Probe00Shank0"]
        assert group.location == "CA1" and group.device is device
        el = nwb.electrodes.to_dataframe()
        assert list(el["location"]) == ["CA1", "CA1", "DG", "DG"]
        assert all(g is group for g in el["group"])
        assert list(el["group_name"]) == ["Probe00Shank0"] * 4
        np.testing.assert_array_equal(el["rel_x"], [16, 48, 0, 32])
        assert list(el["channel_name"]) == ["AP0", "AP1", "AP2", "AP3"]

        es = nwb.acquisition["ElectricalSeriesAP"]
        assert es.data.dtype == np.int16
        np.testing.assert_array_equal(es.data[:], np.array(exp["raw"], dtype=np.int16).reshape(exp["rawShape"]))
        assert es.rate == 30000 and es.starting_time == 0.5
        assert es.conversion == 2.34375e-6 and es.unit == "volts"
        assert list(es.electrodes.data[:]) == [0, 1, 2, 3]
        assert es.electrodes.table is nwb.electrodes

        units = nwb.units
        for i, times in enumerate(exp["spikeTimes"]):
            np.testing.assert_array_equal(units["spike_times"][i], times)
        assert units.resolution == 1 / 30000  # PyNWB maps spike_times@resolution here
        assert [list(units["electrodes"][i].index) for i in range(3)] == [[0, 1], [2], [3, 2, 1]]
        assert all(g is group for g in units["electrode_group"][:])
        assert units["obs_intervals"][1].tolist() == [[0, 1], [2, 3]]
        wm = units["waveform_mean"]
        assert units.waveform_rate == 30000 and units.waveform_unit == "volts"
        np.testing.assert_array_equal(wm.data[:], np.array(exp["waveform"], dtype=np.float32).reshape(3, 5))
        assert list(units["cluster_id"][:]) == [7, 11, 42]
        assert list(units["label"][:]) == ["good", "mua", "noise"]
        assert list(units.id[:]) == [0, 1, 2]


def test_valid_and_inspected(folder):
    path = folder / "ecephys.nwb"
    assert_valid(path)
    assert_inspected(path, allowed={})
    assert_h5py_opens(path)


def test_storage_details(folder):
    import h5py

    with h5py.File(folder / "ecephys.nwb", "r") as f:
        index = f["units/spike_times_index"]
        assert index.dtype.kind == "u"  # VectorIndex must be unsigned
        assert f[index.attrs["target"]].name == "/units/spike_times"
        assert f["identifier"].shape == ()  # scalar dataspace
        assert h5py.check_string_dtype(f["session_start_time"].dtype).encoding == "ascii"
        assert h5py.check_string_dtype(f["identifier"].dtype).encoding == "utf-8"
        assert f["general/extracellular_ephys/Probe00Shank0"].get("device", getlink=True).path == "/general/devices/Probe00"
        assert f["acquisition/ElectricalSeriesAP/data"].attrs["resolution"].dtype == np.float64
        cached = f["specifications"]
        assert set(cached) == {"core", "hdmf-common", "hdmf-experimental"}
        assert list(cached["core"]) == ["2.9.0"]
