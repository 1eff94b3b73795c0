/**
 * IBL data access that runs anywhere (browser and Node): ALF names, file
 * readers working on bytes, cache tables, search and dataset filtering.
 * Node-only file access lives in `./node/` and is imported from there.
 */
export * from './alf';
export * from './alfObject';
export * from './alfPath';
export * from './cache';
export * from './content';
export * from './datasetFilter';
export * from './delimited';
export * from './dtype';
export * from './errors';
export * from './mtscomp';
export * from './npy';
export * from './parquet';
export * from './qc';
export * from './search';
export * from './spikeglx';
export * from './tables';
export * from './uuid';
