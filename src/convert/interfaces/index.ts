/** Every modality interface, in the order the converter runs them. */
import type { IModalityInterface } from '../modality';
import type { ISessionContext } from '../session/context';
import { licksInterface } from './licks';
import { localizationInterface } from './localization';
import { motionEnergyInterface } from './motionEnergy';
import { passiveInterface } from './passive';
import { poseInterface } from './pose';
import { pupilInterface } from './pupil';
import { spikeSortingInterface } from './spikeSorting';
import { trialsInterface } from './trials';
import { wheelInterface } from './wheel';

export const MODALITY_INTERFACES: IModalityInterface<ISessionContext>[] = [
  trialsInterface,
  wheelInterface,
  licksInterface,
  spikeSortingInterface,
  localizationInterface,
  poseInterface,
  pupilInterface,
  motionEnergyInterface,
  passiveInterface
];
