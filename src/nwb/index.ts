/** NWB 2.9.0 writer over h5wasm (Node): the public API. */
export { NWBFile, writeNwbFile } from './file';
export type { INwbFileMetadata, IWriteOptions } from './file';
export type { IGeneralMetadata, ISubject, IIblSubjectFields } from './general';
export { DEFAULT_STORAGE, ensureGroup } from './context';
export type { INwbObject, IStorageOptions, IWriteContext } from './context';
export {
  isDiskFull,
  NwbAbortError,
  NwbDiskFullError,
  NwbWriteError
} from './errors';
export type { ArraySource, IArrayData, IArrayStream } from './array';
export type { NumericArray, NumericDtype } from './dtype';
export { writeTimeSeries, writeSpatialSeries } from './timeseries';
export type { ITimeSeriesSpec, ISpatialSeriesSpec } from './timeseries';
export { writeTable } from './table';
export type { Column, ITableSpec } from './table';
export {
  addTrials,
  addEpochs,
  addIntervals,
  writeTimeIntervals
} from './intervals';
export type { ITimeIntervalsSpec } from './intervals';
export { addUnits } from './units';
export type { IUnitsSpec } from './units';
export {
  addDevice,
  addElectrodeGroup,
  addElectrodes,
  writeElectricalSeries
} from './ecephys';
export {
  addProcessingModule,
  addBehaviorContainer,
  addLabMetaData
} from './containers';
export type { BehaviorContainer } from './containers';
export { writeExternalImageSeries } from './image';
export { writeEvents } from './events';
export { writeSkeletons, writePoseEstimation } from './pose';
export { addIblMetadata } from './ibl';
