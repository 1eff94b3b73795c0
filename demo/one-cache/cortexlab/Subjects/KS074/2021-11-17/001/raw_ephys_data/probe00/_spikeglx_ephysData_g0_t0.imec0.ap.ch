{
  "algorithm": "zlib",
  "chunk_bounds": [
    0,
    300,
    600
  ],
  "chunk_offsets": [
    0,
    90816,
    181788
  ],
  "chunk_order": "F",
  "comp_level": -1,
  "do_spatial_diff": false,
  "do_time_diff": true,
  "dtype": "int16",
  "n_channels": 385,
  "sample_rate": 29999.757983,
  "sha1_compressed": "6a174372f19e26ba8753d21e06a7f05de4dc059b",
  "sha1_uncompressed": "f4597823b2493e623bd5b855cc0fc82dacda6eb0",
  "shape": [
    600,
    385
  ],
  "version": "1.0"
}