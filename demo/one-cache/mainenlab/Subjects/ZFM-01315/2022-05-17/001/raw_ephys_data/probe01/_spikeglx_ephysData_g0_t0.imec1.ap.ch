{
  "algorithm": "zlib",
  "chunk_bounds": [
    0,
    300,
    600
  ],
  "chunk_offsets": [
    0,
    91210,
    181447
  ],
  "chunk_order": "F",
  "comp_level": -1,
  "do_spatial_diff": false,
  "do_time_diff": true,
  "dtype": "int16",
  "n_channels": 385,
  "sample_rate": 29999.757983,
  "sha1_compressed": "3e9806768e63ae2d6b4d43d412bb3381750ceaee",
  "sha1_uncompressed": "086d884856640a2356a911878edf29339dd80215",
  "shape": [
    600,
    385
  ],
  "version": "1.0"
}