"""Write a seeded, IBL-like NWB session with pynwb: many trials, many units, two probes, behaviour.

Used by the viewer's galata screenshots and by the PSTH oracle. Run as a script:
``python make_session_nwb.py OUT.nwb [--trials 600] [--units 220] [--seed 7] [--raw-seconds 0]``.

``--raw-seconds N`` adds a raw Neuropixels-like acquisition (``ElectricalSeriesAp``: 384 channels of
int16 at 30 kHz, uncompressed, chunked (30000, 64)), about 23 MB a second, written one second at a
time so memory stays bounded: ``--trials 3000 --units 600 --raw-seconds 100`` makes a 2.4 GB file
with 11 M spikes (bench/viewer). By default there is no raw data and the file is as before.
"""
from __future__ import annotations

import argparse
import warnings
from datetime import datetime, timezone

import numpy as np
from pynwb import NWBHDF5IO, NWBFile
from hdmf.data_utils import GenericDataChunkIterator
from pynwb.behavior import BehavioralEvents, BehavioralTimeSeries, Position, PupilTracking
from pynwb.file import Subject
from pynwb.base import TimeSeries
from pynwb.ecephys import ElectricalSeries

REGIONS = {
    "probe00": ["VISp", "CA1", "DG", "LP"],
    "probe01": ["MOs", "ACA", "CP", "TH"],
}
CHANNELS_PER_PROBE = 96
CONTRASTS = [0.0, 0.0625, 0.125, 0.25, 1.0]
BEHAVIOUR_RATE = 60.0
RAW_RATE = 30000
RAW_CHANNELS = 384
RAW_CHUNK = (30000, 64)


def _trials(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    duration = rng.uniform(2.2, 3.8, n)
    start = np.concatenate([[1.0], 1.0 + np.cumsum(duration[:-1])])
    contrast = rng.choice(CONTRASTS, n)
    block = np.repeat(rng.choice([0.2, 0.8], (n + 99) // 100), 100)[:n]
    side_left = rng.random(n) < block
    choice = np.where(rng.random(n) < 0.8, np.where(side_left, 1, -1), np.where(side_left, -1, 1))
    stim_on = start + rng.uniform(0.3, 0.6, n)
    response = stim_on + rng.gamma(3.0, 0.12, n)
    feedback = response + 0.01
    correct = (choice == 1) == side_left
    return {
        "start_time": start,
        "stop_time": start + duration - 0.05,
        "stimOn_time": stim_on,
        "goCue_time": stim_on + 0.005,
        "response_time": response,
        "feedback_time": np.where(rng.random(n) < 0.02, np.nan, feedback),
        "contrastLeft": np.where(side_left, contrast, np.nan),
        "contrastRight": np.where(side_left, np.nan, contrast),
        "signed_contrast": np.where(side_left, -contrast, contrast),
        "choice": choice.astype(np.int64),
        "feedbackType": np.where(correct, 1, -1).astype(np.int64),
        "probabilityLeft": block,
    }


def _spikes(rng, trials, units: int, session_end: float):
    """Poisson background plus a stimulus response scaled by contrast and side preference."""
    trains = []
    signed = trials["signed_contrast"]
    for u in range(units):
        rate = 33.0 if u == 0 else float(rng.lognormal(np.log(1.5), 0.6))
        background = np.sort(rng.uniform(0, session_end, rng.poisson(rate * session_end)))
        side = 1 if u % 2 else -1
        gain = float(rng.uniform(5, 40)) if u % 3 == 0 else 0.0
        response = []
        for t, c in zip(trials["stimOn_time"], signed, strict=True):
            drive = gain * (0.3 + abs(c)) * (1.0 if np.sign(c) == side or c == 0 else 0.3)
            k = rng.poisson(drive * 0.2)
            response.append(t + 0.05 + rng.uniform(0, 0.2, k))
        trains.append(np.sort(np.concatenate([background, *response])))
    return trains


class _RawNoise(GenericDataChunkIterator):
    """Band-limited int16 noise, ``seconds`` x 30 kHz x 384 channels, made one buffer at a time."""

    def __init__(self, seconds: int, seed: int):
        self._shape = (int(seconds) * RAW_RATE, RAW_CHANNELS)
        rng = np.random.default_rng(seed)
        # One second of noise plus a margin; each buffer is a shifted window of it.
        noise = rng.normal(0, 25, (RAW_RATE + 4096, RAW_CHANNELS))
        self._noise = (noise + np.roll(noise, 1, axis=0)).astype(np.int16)
        super().__init__(chunk_shape=RAW_CHUNK, buffer_shape=(RAW_RATE, RAW_CHANNELS), display_progress=False)

    def _get_data(self, selection):
        rows, columns = selection
        start = rows.start or 0
        stop = rows.stop if rows.stop is not None else self._shape[0]
        offset = (start // RAW_RATE * 977) % 4096
        return self._noise[offset + start % RAW_RATE: offset + start % RAW_RATE + stop - start, columns]

    def _get_maxshape(self):
        return self._shape

    def _get_dtype(self):
        return np.dtype(np.int16)


def _add_raw(nwb: NWBFile, seconds: int, seed: int) -> None:
    """A raw AP-band ElectricalSeries over 384 channels (the electrodes table grows to 384 rows)."""
    groups = list(nwb.electrode_groups.values())
    for p, group in enumerate(groups):
        for ch in range(CHANNELS_PER_PROBE, RAW_CHANNELS // len(groups)):
            depth = 20.0 * (ch // 2)
            nwb.add_electrode(
                x=-2000.0 + 400 * p, y=-3000.0 + depth, z=1000.0 - depth, location=REGIONS[group.name][-1],
                group=group, rel_x=16.0 + 32.0 * (ch % 2), rel_y=depth,
            )
    region = nwb.create_electrode_table_region(list(range(RAW_CHANNELS)), "all recorded channels")
    nwb.add_acquisition(ElectricalSeries(
        name="ElectricalSeriesAp", description="raw AP band (generated noise)", data=_RawNoise(seconds, seed),
        electrodes=region, starting_time=0.0, rate=float(RAW_RATE), conversion=2.34375e-06,
    ))


def write_session(path: str, trials: int = 600, units: int = 220, seed: int = 7, raw_seconds: int = 0) -> None:
    rng = np.random.default_rng(seed)
    nwb = NWBFile(
        session_description="Generated IBL-like session for the viewer tests",
        identifier=f"viewer-test-session-{seed}",
        session_start_time=datetime(2024, 3, 14, 9, 30, tzinfo=timezone.utc),
        lab="cortexlab",
        institution="International Brain Laboratory",
        experimenter=["Doe, Jane"],
        subject=Subject(subject_id="KS023", species="Mus musculus", sex="F", age="P120D"),
    )
    table = _trials(rng, trials)
    session_end = float(table["stop_time"][-1] + 1.0)
    for name, values in table.items():
        if name not in ("start_time", "stop_time"):
            nwb.add_trial_column(name=name, description=f"IBL trials.{name}")
    for row in range(trials):
        nwb.add_trial(**{k: v[row] for k, v in table.items()})

    for column in ("rel_x", "rel_y"):
        nwb.add_electrode_column(name=column, description=f"{column} on the probe (um)")
    for p, (probe, regions) in enumerate(REGIONS.items()):
        device = nwb.create_device(name=probe, description="Neuropixels 1.0")
        group = nwb.create_electrode_group(probe, description=probe, location="brain", device=device)
        for ch in range(CHANNELS_PER_PROBE):
            depth = 20.0 * (ch // 2)
            region = regions[min(len(regions) - 1, ch * len(regions) // CHANNELS_PER_PROBE)]
            nwb.add_electrode(
                x=-2000.0 + 400 * p, y=-3000.0 + depth, z=1000.0 - depth, location=region, group=group,
                rel_x=16.0 + 32.0 * (ch % 2), rel_y=depth,
            )

    for column, description in (("firing_rate", "mean rate (Hz)"), ("amp_median", "median amplitude (uV)"),
                                ("label", "quality label")):
        nwb.add_unit_column(name=column, description=description)
    electrodes = len(REGIONS) * CHANNELS_PER_PROBE
    for u, train in enumerate(_spikes(rng, table, units, session_end)):
        nwb.add_unit(
            spike_times=train, electrodes=[int(rng.integers(electrodes))],
            firing_rate=len(train) / session_end, amp_median=float(rng.uniform(40, 300)),
            label=float(rng.choice([0.33, 0.66, 1.0])),
        )

    behavior = nwb.create_processing_module("behavior", "wheel, pupil and licks")
    n = int(session_end * BEHAVIOUR_RATE)
    t = np.arange(n) / BEHAVIOUR_RATE
    wheel = np.cumsum(rng.normal(0, 0.01, n))
    position = Position(name="Position")
    position.create_spatial_series(
        name="wheel_position", data=wheel, reference_frame="wheel axle", unit="radians",
        starting_time=0.0, rate=BEHAVIOUR_RATE,
    )
    behavior.add(position)
    velocity = BehavioralTimeSeries(name="BehavioralTimeSeries")
    velocity.create_timeseries(name="wheel_velocity", data=np.gradient(wheel) * BEHAVIOUR_RATE,
                               unit="rad/s", starting_time=0.0, rate=BEHAVIOUR_RATE)
    behavior.add(velocity)
    pupil = PupilTracking(name="PupilTracking")
    pupil.create_timeseries(name="pupil_diameter", data=20 + np.cumsum(rng.normal(0, 0.05, n)) % 5,
                            unit="px", timestamps=t)
    behavior.add(pupil)
    licks = np.sort(rng.uniform(0, session_end, 3000))
    with warnings.catch_warnings():
        # Deprecated in favour of ndx-events tables, but still what most files hold.
        warnings.simplefilter("ignore", UserWarning)
        events = BehavioralEvents(name="BehavioralEvents")
    events.add_timeseries(TimeSeries(name="licks", data=np.ones(len(licks)), unit="a.u.", timestamps=licks))
    behavior.add(events)
    if raw_seconds > 0:
        _add_raw(nwb, raw_seconds, seed)

    with NWBHDF5IO(path, "w") as io:
        io.write(nwb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--trials", type=int, default=600)
    parser.add_argument("--units", type=int, default=220)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--raw-seconds", type=int, default=0,
                        help="add N s of raw 384-channel int16 30 kHz ElectricalSeries (~23 MB/s)")
    args = parser.parse_args()
    write_session(args.out, args.trials, args.units, args.seed, args.raw_seconds)


if __name__ == "__main__":
    main()
