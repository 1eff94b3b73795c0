"""Files not written by our converter: regions come from the electrodes table (each unit's first
electrode's `location`; Beryl and Cosmos through the bundled iblatlas tables), and what a file lacks
is left `unknown` with a note, never guessed."""
from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
from pynwb import NWBHDF5IO, NWBFile
from pynwb.file import Subject

from collection_oracle import REPO, dump_collection

ATLAS = REPO / "jupyterlab_ibl_nwb" / "atlas"


def _coarser(acronym: str, mapping: str) -> str:
    """iblatlas' rule, from its tables: the nearest ancestor (itself included) in the mapping's ids."""
    import csv

    rows = list(csv.DictReader((ATLAS / "allen_structure_tree.csv").open()))
    by_id = {int(r["id"]): r for r in rows}
    keep = set(np.load(ATLAS / f"{mapping}.npy").ravel().tolist())
    row = next(r for r in rows if r["acronym"] == acronym)
    path = [int(v) for v in row["structure_id_path"].split("/") if v]
    return next((by_id[i]["acronym"] for i in reversed(path) if i in keep), "root")


def _write(path, with_electrodes=True):
    nwb = NWBFile(session_description="x", identifier="id-1", session_id="ses-1", lab="somelab",
                  session_start_time=datetime(2024, 3, 4, 10, 0, tzinfo=timezone.utc),
                  subject=Subject(subject_id="mouse-7", species="Mus musculus"))
    device = nwb.create_device("probe")
    group = nwb.create_electrode_group("shank0", description="s", location="brain", device=device)
    locations = ["VISp5", "CA1", "DG-mo", "LP"]
    if with_electrodes:
        for loc in locations:
            nwb.add_electrode(group=group, location=loc)
    nwb.add_trial_column("stimOn_time", "stimulus onset")
    for t in range(5):
        nwb.add_trial(start_time=t * 2.0, stop_time=t * 2.0 + 1.5, stimOn_time=t * 2.0 + 0.5)
    rng = np.random.default_rng(1)
    # Unit u sits on electrodes [u+1, u] (first electrode u+1, wrapping), so the first one decides.
    for u in range(3):
        spikes = np.sort(rng.uniform(0, 10, 50))
        if with_electrodes:
            nwb.add_unit(spike_times=spikes, electrodes=[(u + 1) % 4, u], electrode_group=group)
        else:
            nwb.add_unit(spike_times=spikes)
    with NWBHDF5IO(str(path), "w") as io:
        io.write(nwb)
    return [locations[(u + 1) % 4] for u in range(3)]


def test_regions_from_the_electrodes_table(tmp_path):
    path = tmp_path / "other.nwb"
    expected = _write(path)
    dump = dump_collection({"level": "allen", "region": expected[0], "align": "stimOn_time", "pre": -0.5,
                            "post": 0.5, "bin": 0.1}, [path])
    summary = dump["summaries"][0]
    assert summary["subject"] == "mouse-7"
    assert summary["lab"] == "somelab"
    assert summary["probes"] == ["shank0"]
    assert summary["units"] == 3 and summary["trials"] == 5
    assert summary["unitRegions"]["allen"] == expected
    # Beryl and Cosmos come from the Allen acronyms through the bundled iblatlas tables.
    assert summary["unitRegions"]["beryl"] == [_coarser(a, "beryl") for a in expected]
    assert summary["unitRegions"]["cosmos"] == [_coarser(a, "cosmos") for a in expected]
    assert summary["unitRegions"]["beryl"] == ["CA1", "DG", "LP"]
    assert summary["firingRates"] is None
    assert "Beryl regions mapped from the Allen acronyms" in summary["notes"]
    assert "no firing_rate column in /units" in summary["notes"]
    assert summary["trialEvents"] == ["start_time", "stimOn_time", "stop_time"] or \
        set(summary["trialEvents"]) == {"start_time", "stimOn_time", "stop_time"}
    # The region's one unit is pooled.
    assert [u["unit"] for u in dump["units"]] == [0]


def test_units_without_electrodes_are_unknown(tmp_path):
    path = tmp_path / "bare.nwb"
    _write(path, with_electrodes=False)
    dump = dump_collection({"level": "allen", "region": "unknown", "align": "stimOn_time", "pre": -0.5,
                            "post": 0.5, "bin": 0.1}, [path])
    summary = dump["summaries"][0]
    assert summary["units"] == 3
    assert summary["unitRegions"]["allen"] == ["unknown"] * 3
    assert "no Allen region of the units" in summary["notes"]
