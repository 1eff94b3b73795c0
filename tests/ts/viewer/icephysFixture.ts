/**
 * Python lines that add an icephys experiment to an `nwb` NWBFile with
 * pynwb's own icephys API (NWB ≥ 2.4 tables): five current-clamp sweeps of a
 * passive cell (200 MΩ, τ 20 ms, rest −70 mV), steps of −100 … +100 pA from
 * 0.1 s to 0.6 s of 0.8 s sweeps at 1 kHz, each sweep starting 2 s after the
 * last, one row each in the intracellular and simultaneous recordings tables,
 * all five in one sequential recording, one repetition, one condition.
 */
export const ICEPHYS_LINES = `
from pynwb.icephys import CurrentClampStimulusSeries, CurrentClampSeries
amplifier = nwb.create_device("amplifier")
electrode = nwb.create_icephys_electrode(name="elec0", description="patch", device=amplifier)
rate, n, onset, offset = 1000.0, 800, 100, 600
t = np.arange(n) / rate
resistance, rest, tau = 200e6, -0.07, 0.02
recordings = []
for k, amp in enumerate([-100e-12, -50e-12, 0.0, 50e-12, 100e-12]):
    current = np.zeros(n); current[onset:offset] = amp
    charge = np.zeros(n); charge[onset:offset] = 1 - np.exp(-(t[onset:offset] - t[onset]) / tau)
    voltage = rest + resistance * amp * charge + 0.002 * np.sin(40 * t)
    stim = CurrentClampStimulusSeries(name=f"stimulus_{k}", data=current, starting_time=2.0 * k, rate=rate, electrode=electrode, gain=1.0, sweep_number=np.uint32(k))
    resp = CurrentClampSeries(name=f"response_{k}", data=voltage, starting_time=2.0 * k, rate=rate, electrode=electrode, gain=1.0, sweep_number=np.uint32(k))
    nwb.add_stimulus(stim)
    nwb.add_acquisition(resp)
    recordings.append(nwb.add_intracellular_recording(electrode=electrode, stimulus=stim, response=resp))
simultaneous = [nwb.add_icephys_simultaneous_recording(recordings=[r]) for r in recordings]
sequential = nwb.add_icephys_sequential_recording(simultaneous_recordings=simultaneous, stimulus_type="square")
repetition = nwb.add_icephys_repetition(sequential_recordings=[sequential])
nwb.add_icephys_experimental_condition(repetitions=[repetition])
`;

/** A whole file holding only the icephys experiment above. */
export const ICEPHYS_SCRIPT = `
import numpy as np
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
nwb = NWBFile("icephys", "icephys", datetime(2024, 1, 1, tzinfo=timezone.utc))
${ICEPHYS_LINES}
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`;

export const ICEPHYS = '/general/intracellular_ephys';
