"""`ibl2nwb convert --raw` writes the release's other raw objects: the LF band per probe
(`/acquisition/ElectricalSeriesProbeXXLF`) and the NIDQ sync lines as ndx-events LabeledEvents
(`/acquisition/Events<Device>`). Oracles: PyPI `mtscomp` and a zlib + numpy decoder for the LF
samples; numpy on IBL's `_spikeglx_sync.*.npy` and the wiring file for the events; pynwb reading
with the file's cached specs only (no ndx-events package installed) and nwbinspector."""
import json
import subprocess

import mtscomp
import numpy as np
import pytest
from mtscomp_oracle import decode_mtscomp
from nwb_checks import assert_nwb_ok
from one.api import ONE
from pynwb import NWBHDF5IO

from jupyterlab_ibl_nwb.node import find_cli

# The release's object names for IBL's wiring device names (DANDI 000409, nidq.yml).
RELEASE_NAMES = {
    "left_camera": "EventsLeftCamera",
    "right_camera": "EventsRightCamera",
    "body_camera": "EventsBodyCamera",
    "imec_sync": "EventsImecSync",
    "frame2ttl": "EventsFrame2ttl",
    "rotary_encoder_0": "EventsRotaryEncoder0",
    "rotary_encoder_1": "EventsRotaryEncoder1",
    "audio": "EventsAudio",
}


@pytest.fixture(scope="module")
def converted(repo, node, tmp_path_factory):
    cache = repo / "demo" / "one-cache"
    one = ONE(mode="local", cache_dir=cache)
    eid = next(str(e) for e in one.search() if any("nidq.wiring" in d for d in one.list_datasets(e)))
    out = tmp_path_factory.mktemp("bands") / "bands.nwb"
    result = subprocess.run([node, find_cli(), "convert", eid, "--cache", str(cache), "-o", str(out), "--raw"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return one.eid2path(eid), out


def meta_fields(path):
    return dict(line.split("=", 1) for line in path.read_text(encoding="latin-1").splitlines() if "=" in line)


def test_lf_samples_equal_the_reference_mtscomp_decode(converted):
    session, out = converted
    cbins = sorted((session / "raw_ephys_data").glob("probe*/*.lf.cbin"))
    assert cbins
    with NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        for cbin in cbins:
            probe = cbin.parent.name
            series = nwb.acquisition[f"ElectricalSeriesProbe{probe[5:]}LF"]
            reader = mtscomp.Reader()
            reader.open(cbin, cbin.with_suffix(".ch"))
            try:
                reference = reader[:]
            finally:
                reader.close()
            np.testing.assert_array_equal(reference, decode_mtscomp(cbin))
            raw_ind = np.load(next((session / "alf" / probe).glob("*/channels.rawInd.npy"))).astype(int)
            assert series.data.dtype == np.int16
            np.testing.assert_array_equal(series.data[:], reference[:, raw_ind])
            # LF gain (5th field of each NP1 imroTbl row, 250 here) from the LF .meta.
            fields = meta_fields(cbin.with_suffix(".meta"))
            rows = fields["~imroTbl"].strip("()").split(")(")[1:]
            gains = np.array([float(r.split()[4]) for r in rows])[raw_ind]
            np.testing.assert_allclose(series.channel_conversion[:],
                                       float(fields["imAiRangeMax"]) / 512 / gains, rtol=1e-6)
            assert series.conversion == 1.0 and series.unit == "volts"
            assert series.rate == pytest.approx(float(fields["imSampRate"]))
            assert series.rate == pytest.approx(2500, rel=0.01)
            assert "NOT aligned" in series.description
            # The bands share the probe's electrodes rows (one row per contact).
            ap = nwb.acquisition[f"ElectricalSeriesProbe{probe[5:]}AP"]
            np.testing.assert_array_equal(series.electrodes.data[:], ap.electrodes.data[:])
            assert series.electrodes.table is ap.electrodes.table


def test_sync_events_equal_the_extracted_fronts(converted):
    session, out = converted
    raw = session / "raw_ephys_data"
    times = np.load(raw / "_spikeglx_sync.times.npy")
    polarities = np.load(raw / "_spikeglx_sync.polarities.npy")
    channels = np.load(raw / "_spikeglx_sync.channels.npy")
    (wiring_file,) = raw.glob("*.nidq.wiring.json")
    digital = json.loads(wiring_file.read_text())["SYNC_WIRING_DIGITAL"]
    with NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        events = {name: obj for name, obj in nwb.acquisition.items() if name.startswith("Events")}
        expected = {RELEASE_NAMES[device] for device in digital.values() if device not in ("laser", "laser_ttl")}
        assert set(events) == expected
        for pin, device in digital.items():
            series = events[RELEASE_NAMES[device]]
            assert series.neurodata_type == "LabeledEvents"
            line = channels == int(pin.split(".")[1])
            assert line.sum() > 0
            np.testing.assert_array_equal(series.timestamps[:], times[line])
            assert series.timestamps.attrs["unit"] == "seconds"
            labels = list(series.data.attrs["labels"])
            assert len(labels) == 2
            # Label 1 is a rising front (IBL polarity +1), label 0 a falling one.
            np.testing.assert_array_equal(series.data[:], (polarities[line] > 0).astype(np.uint8))
            assert series.data.dtype == np.uint8
            assert "Label meanings:" in series.description
            for label in labels:
                assert f"- {label}:" in series.description
        assert list(events["EventsLeftCamera"].data.attrs["labels"]) == ["exposure_end", "frame_start"]
        # Fronts of channels the digital wiring does not name (the analog bpod input, 16) are not events.
        assert (channels == 16).sum() > 0
        assert sum(len(e.timestamps) for e in events.values()) == np.isin(channels, range(8)).sum()


def test_bands_file_passes_the_inspector(converted):
    _, out = converted
    assert_nwb_ok(out)


def test_report_checks_lf_and_sync(converted):
    _, out = converted
    report = json.loads(out.with_suffix(".report.json").read_text())
    by_name = {i["name"]: i for i in report["interfaces"]}
    for name in ("raw_ephys_lf", "sync"):
        assert by_name[name]["status"] == "written", by_name[name]
        arrays = by_name[name]["arrays"]
        assert arrays and all(a["equal"] and a["elements"] > 0 for a in arrays)
    lf = by_name["raw_ephys_lf"]["arrays"]
    assert all(a["target"].endswith("LF/data") and a["dtype"] == "int16" for a in lf)
    sync = {a["target"] for a in by_name["sync"]["arrays"]}
    assert "/acquisition/EventsImecSync/timestamps" in sync and "/acquisition/EventsImecSync/data" in sync
