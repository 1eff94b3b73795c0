/** The real catalogue plus the toy modality's one line (tests and the toy CLI bundle). */
import { CATALOGUE, type Catalogue } from '../../../src/convert/catalogue';
import { toyInterface } from './toyModality';

export const TOY_CATALOGUE: Catalogue = [
  ...CATALOGUE,
  { modality: toyInterface, askedBy: 'modalities', dandi: 'behavior' }
];
