"""Streamed (sliced) writes, chunking/compression, and cleanup on cancel or failure."""
import h5py
import numpy as np
import pytest

from nwb_oracles import assert_inspected, assert_valid, read_strict, run_writer

ROWS, CHANNELS, UNITS = 50_000, 8, 40


def raw_like() -> np.ndarray:
    r = np.arange(ROWS)[:, None]
    c = np.arange(CHANNELS)[None, :]
    return ((r * 31 + c * 17) % 2001 - 1000).astype(np.int16)


def spike_times(u: int) -> np.ndarray:
    return u + np.arange((u * 37) % 50) / 1000


# (gzip level, deflate worker threads, shuffle): HDF5 compressing on this thread, and chunks
# compressed (and byte-shuffled) on worker threads then indexed into the file (src/nwb/fast).
# "in place": HDF5's part is written in front of the workers' chunk file, which becomes the
# file (no copy of the chunks; unused space is left between the two parts).
CONFIGS = {
    "hdf5-gzip5": ("5", "0", "", ""),
    "workers-shuffle-gzip4": ("4", "2", "shuffle", ""),
    "workers-shuffle-gzip4-in-place": ("4", "2", "shuffle", "inplace"),
}


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def streamed(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    proc = run_writer("streaming", out, "ok", *CONFIGS[request.param])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(p.name for p in out.iterdir()) == ["streamed.nwb"]  # no side files left
    return out / "streamed.nwb", CONFIGS[request.param]


def test_streamed_values(streamed):
    path, _ = streamed
    with read_strict(path) as nwb:
        series = nwb.acquisition["RawLike"]
        np.testing.assert_array_equal(series.data[:], raw_like())
        units = nwb.units
        assert len(units) == UNITS
        for u in range(UNITS):
            np.testing.assert_array_equal(units["spike_times"][u], spike_times(u))


def test_chunked_and_compressed(streamed):
    path, (level, workers, shuffle, _) = streamed
    with h5py.File(path, "r") as f:
        data = f["acquisition/RawLike/data"]
        assert data.compression == "gzip" and data.compression_opts == int(level)
        assert data.shuffle == (shuffle == "shuffle")
        assert data.id.get_storage_size() < data.size * 2  # really compressed
        rows = 256 if workers != "0" else 1024  # 4 or 16 KiB chunks, whole rows
        assert data.chunks == (rows, CHANNELS)
        assert data.id.get_num_chunks() == -(-ROWS // rows)
        assert data.maxshape == (None, CHANNELS)
        assert f["units/spike_times"].compression == "gzip"
        assert f["units/spike_times_index"].dtype == np.uint16


def test_chunks_in_place_or_after_hdf5s_part(streamed):
    """In place, the chunks stay where the workers wrote them: after the 4 MiB left for
    HDF5's part (CHUNK_FILE_RESERVE); otherwise they follow HDF5's part (a compact file)."""
    path, (_, workers, _, in_place) = streamed
    with h5py.File(path, "r") as f:
        data = f["acquisition/RawLike/data"]
        first = min(data.id.get_chunk_info(i).byte_offset for i in range(data.id.get_num_chunks()))
    if in_place:
        assert first >= 4 << 20
    else:
        assert first < 1 << 20 and path.stat().st_size < 4 << 20


def test_streamed_valid(streamed):
    path, _ = streamed
    assert_valid(path)
    assert_inspected(path, allowed={})


@pytest.mark.parametrize("workers", ["0", "2"])
@pytest.mark.parametrize("mode", ["abort", "fail"])
def test_cancel_or_failure_leaves_nothing(tmp_path, mode, workers):
    proc = run_writer("streaming", tmp_path, mode, "4", workers)
    assert proc.returncode != 0
    expected_error = "NwbAbortError" if mode == "abort" else "the data source broke"
    assert expected_error in proc.stderr
    assert list(tmp_path.iterdir()) == []  # no streamed.nwb, .part or side files
