{
  "algorithm": "zlib",
  "chunk_bounds": [
    0,
    300,
    600
  ],
  "chunk_offsets": [
    0,
    90956,
    181925
  ],
  "chunk_order": "F",
  "comp_level": -1,
  "do_spatial_diff": false,
  "do_time_diff": true,
  "dtype": "int16",
  "n_channels": 385,
  "sample_rate": 29999.757983,
  "sha1_compressed": "fddd9096a77812e2e5c63e7a5597e137d8c22acd",
  "sha1_uncompressed": "8b8a3b9ffbe63e6b86ca836780055e784748411d",
  "shape": [
    600,
    385
  ],
  "version": "1.0"
}