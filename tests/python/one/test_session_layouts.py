"""Issue #19.9: sessions as IBL really lays them out, converted from bare folders and read back with pynwb,
checked against the source files with pandas / numpy. The 2024 layout keeps one trials object per task in
alf/task_NN, described by `_ibl_experiment.description.yaml`; the early layout names wheel times
`_ibl_wheel.times.npy`."""
import numpy as np
import pandas as pd
import yaml
from pynwb import NWBHDF5IO

from bare_sessions import PASSIVE_TABLES, cli, early_session, metadata_for, modern_session, modern_task_data


def trials_frame(table) -> pd.DataFrame:
    return table.to_dataframe()


def assert_trials_equal(nwb_table: pd.DataFrame, source: pd.DataFrame) -> None:
    assert len(nwb_table) == len(source)
    np.testing.assert_array_equal(nwb_table["start_time"].to_numpy(), source["intervals_0"].to_numpy())
    np.testing.assert_array_equal(nwb_table["stop_time"].to_numpy(), source["intervals_1"].to_numpy())
    np.testing.assert_array_equal(nwb_table["gabor_stimulus_onset_time"].to_numpy(), source["stimOn_times"].to_numpy())
    np.testing.assert_array_equal(nwb_table["auditory_cue_time"].to_numpy(), source["goCue_times"].to_numpy())
    np.testing.assert_array_equal(nwb_table["probability_left"].to_numpy(), source["probabilityLeft"].to_numpy())
    # IBL's definitions: rewarded when feedbackType == 1; choice 1 = counter-clockwise... as the release names it.
    np.testing.assert_array_equal(nwb_table["is_mouse_rewarded"].to_numpy().astype(bool),
                                  (source["feedbackType"] == 1).to_numpy())


def test_tasks_of_a_2024_session_each_get_a_trials_table_named_by_protocol(node, tmp_path, shared):
    folder, tables = modern_session(tmp_path / "bare")
    # The description parses as ibllib's own fixture does (same schema).
    ours = yaml.safe_load((folder / "_ibl_experiment.description.yaml").read_text())
    theirs = yaml.safe_load((shared / "fixtures/ibllib/ibllib/tests/fixtures/io/_ibl_experiment.description.yaml")
                            .read_text())
    assert all(isinstance(t, dict) for t in ours["tasks"] + theirs["tasks"])

    meta = metadata_for(node, folder, tmp_path / "meta.json", "2024-05-14T09:30:00+01:00")
    out = tmp_path / "modern.nwb"
    result = cli(node, "convert", folder, "-o", out, "--metadata", meta, "--modalities", "trials")
    assert result.returncode == 0, result.stderr
    with NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        # The passive task has no trials; the first behaviour task (task_01, biasedChoiceWorld) is the main one.
        assert sorted(nwb.intervals) == ["trials", "trials_trainingChoiceWorld"]
        assert "biasedChoiceWorld" in nwb.trials.description
        assert_trials_equal(trials_frame(nwb.trials), tables["alf/task_01"])
        assert_trials_equal(trials_frame(nwb.intervals["trials_trainingChoiceWorld"]), tables["alf/task_02"])


def test_task_collections_without_a_description_are_all_written(node, tmp_path):
    folder, tables = modern_session(tmp_path / "bare")
    (folder / "_ibl_experiment.description.yaml").unlink()
    meta = metadata_for(node, folder, tmp_path / "meta.json", "2024-05-14T09:30:00+01:00")
    out = tmp_path / "nodescription.nwb"
    result = cli(node, "convert", folder, "-o", out, "--metadata", meta, "--modalities", "trials")
    assert result.returncode == 0, result.stderr
    with NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        assert sorted(nwb.intervals) == ["trials", "trials_task_02"]
        assert_trials_equal(trials_frame(nwb.trials), tables["alf/task_01"])
        assert_trials_equal(trials_frame(nwb.intervals["trials_task_02"]), tables["alf/task_02"])


def test_an_early_session_with_wheel_times_and_per_attribute_trials(node, tmp_path):
    folder, wheel, trials = early_session(tmp_path / "bare")
    meta = metadata_for(node, folder, tmp_path / "meta.json", "2019-05-07T10:00:00+01:00")
    out = tmp_path / "early.nwb"
    result = cli(node, "convert", folder, "-o", out, "--metadata", meta, "--modalities", "trials,wheel")
    assert result.returncode == 0, result.stderr
    with NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        position = nwb.processing["wheel"]["WheelPosition"]
        np.testing.assert_array_equal(position.timestamps[:], wheel[:, 0])
        np.testing.assert_array_equal(position.data[:], wheel[:, 1])
        assert_trials_equal(trials_frame(nwb.trials), trials)


def test_wheel_and_passive_of_a_2024_session_are_read_from_their_task_collections(node, tmp_path):
    folder, _ = modern_session(tmp_path / "bare")
    wheels = modern_task_data(folder)
    periods = pd.read_csv(folder / "alf/task_00" / PASSIVE_TABLES[0], index_col=0)
    gabor = pd.read_csv(folder / "alf/task_00" / PASSIVE_TABLES[2])
    meta = metadata_for(node, folder, tmp_path / "meta.json", "2024-05-14T09:30:00+01:00")
    out = tmp_path / "modern.nwb"
    result = cli(node, "convert", folder, "-o", out, "--metadata", meta, "--modalities", "wheel,passive")
    assert result.returncode == 0, result.stderr
    # The second behaviour task's wheel has no place in /processing/wheel: said, not dropped in silence.
    assert "alf/task_02" in result.stdout + result.stderr, result.stdout
    main = wheels["alf/task_01"]  # biasedChoiceWorld, the first behaviour task of the description
    with NWBHDF5IO(str(out), "r") as io:
        nwb = io.read()
        position = nwb.processing["wheel"]["WheelPosition"]
        np.testing.assert_array_equal(position.timestamps[:], main["wheel.timestamps"])
        np.testing.assert_array_equal(position.data[:], main["wheel.position"])
        moves = nwb.processing["wheel"]["WheelMovementIntervals"].to_dataframe()
        np.testing.assert_array_equal(moves["start_time"].to_numpy(), main["wheelMoves.intervals"][:, 0])
        np.testing.assert_array_equal(moves["stop_time"].to_numpy(), main["wheelMoves.intervals"][:, 1])
        np.testing.assert_array_equal(moves["peak_amplitude"].to_numpy(), main["wheelMoves.peakAmplitude"])
        # Passive, from the passiveChoiceWorld task's alf/task_00 (IBL's periods table: rows start / stop).
        protocol = periods["passiveProtocol"]
        epochs = nwb.epochs.to_dataframe()
        np.testing.assert_array_equal(epochs["start_time"].to_numpy(), [0.0, protocol["start"]])
        np.testing.assert_array_equal(epochs["stop_time"].to_numpy(), [protocol["start"], protocol["stop"]])
        module = nwb.processing["passive_protocol"]
        intervals = module["passive_intervals"].to_dataframe()
        names = [n for n in ["spontaneousActivity", "taskReplay"] if n in periods.columns]
        assert list(intervals["protocol_name"]) == names
        np.testing.assert_array_equal(intervals["start_time"].to_numpy(), periods.loc["start", names].to_numpy())
        np.testing.assert_array_equal(intervals["stop_time"].to_numpy(), periods.loc["stop", names].to_numpy())
        written = module["gabor_table"].to_dataframe()
        assert 0 < len(written) <= len(gabor)
        assert set(written["start_time"]) <= set(gabor["start"])
        assert len(module["passive_task_replay"]) > 0
