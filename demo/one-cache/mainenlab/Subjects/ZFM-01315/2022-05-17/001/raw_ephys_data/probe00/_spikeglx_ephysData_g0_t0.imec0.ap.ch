{
  "algorithm": "zlib",
  "chunk_bounds": [
    0,
    300,
    600
  ],
  "chunk_offsets": [
    0,
    91196,
    181745
  ],
  "chunk_order": "F",
  "comp_level": -1,
  "do_spatial_diff": false,
  "do_time_diff": true,
  "dtype": "int16",
  "n_channels": 385,
  "sample_rate": 29999.757983,
  "sha1_compressed": "7e946f6af1fcdd9206cf1cf2997aa14acd290f89",
  "sha1_uncompressed": "ec6be38ba7638714872ae0792922b5f2538be24b",
  "shape": [
    600,
    385
  ],
  "version": "1.0"
}