"""The writer's parallel path on large tables and explicit chunk shapes (#19 item 10): int64 /
uint64 arrays of 8,192+ values (every table's `id`), and chunks narrower than a row, read back
exactly by h5py and pynwb, with deflate workers (shuffle on, as conversions run) and without."""
import h5py
import numpy as np
import pytest

from nwb_oracles import assert_valid, read_strict, run_writer

TABLE_ROWS = [8_192, 150_000, 200_000]
SERIES = {
    "RawNarrowChunks": (np.int16, (3000, 384), (1365, 64)),
    "Cube": (np.float32, (50, 5, 7), (4, 2, 3)),
    "Wide64": (np.uint64, (1000, 10), (100, 3)),
}
CONFIGS = {"workers-shuffle": ("2", "shuffle"), "hdf5": ("0", "")}


def int64_column(rows: int) -> np.ndarray:
    i = np.arange(rows, dtype=np.int64)
    return i * 3 - 7 + np.where(i % 2 == 0, 0, np.int64(1) << 60)


def series_values(dtype, shape) -> np.ndarray:
    k = np.arange(int(np.prod(shape)), dtype=np.int64)
    if dtype == np.int16:
        v = (k * 7) % 60001 - 30000
    elif dtype == np.float32:
        v = k / 8 - 100
    else:
        v = k.astype(np.uint64) * np.uint64(1_000_003)
    return v.astype(dtype).reshape(shape)


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def wide(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    proc = run_writer("wide", out, *CONFIGS[request.param])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(p.name for p in out.iterdir()) == ["wide.nwb"]  # no side files left
    return out / "wide.nwb"


def test_large_tables_read_back_in_pynwb(wide):
    with read_strict(wide) as nwb:
        module = nwb.processing["wide"]
        for rows in TABLE_ROWS:
            table = module[f"rows{rows}"]
            assert len(table) == rows
            np.testing.assert_array_equal(table.id[:], np.arange(rows))
            np.testing.assert_array_equal(table["signed"].data[:], int64_column(rows))
            np.testing.assert_array_equal(
                table["unsigned"].data[:], np.arange(rows, dtype=np.uint64) * np.uint64(5)
            )
    with h5py.File(wide, "r") as f:
        ids = f[f"processing/wide/rows{TABLE_ROWS[0]}/id"]
        assert ids.dtype == np.int64 and ids.chunks is not None  # the path that failed


@pytest.mark.parametrize("name", sorted(SERIES))
@pytest.mark.parametrize("suffix", ["", "Streamed"])
def test_chunks_narrower_than_a_row_read_back_exactly(wide, name, suffix):
    dtype, shape, chunks = SERIES[name]
    with h5py.File(wide, "r") as f:
        data = f[f"acquisition/{name}{suffix}/data"]
        assert data.chunks == chunks
        assert data.dtype == dtype
        np.testing.assert_array_equal(data[:], series_values(dtype, shape))
        # A window inside one chunk column and across chunk edges, as a viewer reads it.
        np.testing.assert_array_equal(data[1000:1400, 60:70] if name == "RawNarrowChunks" else data[3:9],
                                      series_values(dtype, shape)[1000:1400, 60:70] if name == "RawNarrowChunks"
                                      else series_values(dtype, shape)[3:9])
    with read_strict(wide) as nwb:
        np.testing.assert_array_equal(nwb.acquisition[f"{name}{suffix}"].data[:], series_values(dtype, shape))


def test_wide_valid(wide):
    assert_valid(wide)
