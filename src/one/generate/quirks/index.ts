/** Every case of the quirks corpus (CONTRACTS.md 4): one file each, one line here. */
import { appendedBytes } from './appendedBytes';
import { bareMissingSpikesClusters } from './bareMissingSpikesClusters';
import { bareMissingWheelTimestamps } from './bareMissingWheelTimestamps';
import { bareNothingToWrite } from './bareNothingToWrite';
import { bareWheelAskedButAbsent } from './bareWheelAskedButAbsent';
import { cameraTimesNonMonotonic } from './cameraTimesNonMonotonic';
import { metadataIncompleteEid } from './metadataIncompleteEid';
import { metadataOfAnotherSession } from './metadataOfAnotherSession';
import { modernTaskCollection } from './modernTaskCollection';
import { partSymlink } from './partSymlink';
import { poseTableLonger } from './poseTableLonger';
import { probabilityLeftFloatNoise } from './probabilityLeftFloatNoise';
import { pupilFeaturesFarLonger } from './pupilFeaturesFarLonger';
import { pupilFeaturesLonger } from './pupilFeaturesLonger';
import { pupilFeaturesShorter } from './pupilFeaturesShorter';
import { rawBandsAligned } from './rawBandsAligned';
import { rawWithoutCbin } from './rawWithoutCbin';
import { syncPolarityInvalid } from './syncPolarityInvalid';
import { syncWithoutWiring } from './syncWithoutWiring';
import { spikesTimesUnsorted } from './spikesTimesUnsorted';
import { splitIdentifiers } from './splitIdentifiers';
import { staleChunkFile } from './staleChunkFile';
import { trialsTableBitFlip } from './trialsTableBitFlip';
import { truncatedFile } from './truncatedFile';
import { IQuirkCase } from './types';
import { wheelTimes2018 } from './wheelTimes2018';
import { wheelTimestampsNonMonotonic } from './wheelTimestampsNonMonotonic';
import { zeroLicks } from './zeroLicks';
import { zeroWheelMoves } from './zeroWheelMoves';

export type { IQuirkBuild, IQuirkCase, IQuirkExpectation } from './types';

export const QUIRK_CASES: readonly IQuirkCase[] = [
  // 19.1 camera tables and their frame times
  pupilFeaturesLonger,
  poseTableLonger,
  pupilFeaturesShorter,
  pupilFeaturesFarLonger,
  // 19.2 times that go backwards
  spikesTimesUnsorted,
  wheelTimestampsNonMonotonic,
  cameraTimesNonMonotonic,
  // 19.3
  metadataOfAnotherSession,
  // 19.4 bare session folders
  bareMissingSpikesClusters,
  bareMissingWheelTimestamps,
  bareWheelAskedButAbsent,
  bareNothingToWrite,
  // 19.5
  splitIdentifiers,
  // 19.6
  probabilityLeftFloatNoise,
  // 19.7 files that are not what the cache recorded
  trialsTableBitFlip,
  truncatedFile,
  appendedBytes,
  // 19.8 empty source tables
  zeroWheelMoves,
  zeroLicks,
  // 19.9 real layouts, old and new
  modernTaskCollection,
  wheelTimes2018,
  // 19.11
  rawWithoutCbin,
  partSymlink,
  staleChunkFile,
  metadataIncompleteEid,
  // 13: raw bands aligned to the session clock
  rawBandsAligned,
  syncPolarityInvalid,
  syncWithoutWiring
];
