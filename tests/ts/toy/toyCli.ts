#!/usr/bin/env node
/**
 * `ibl2nwb` with the toy modality: the real CLI (src/cli/main.ts) run with the toy catalogue.
 * Bundled by `npm run build:cli:toy` for the UI test that shows the toy in the sidebar
 * (ui-tests/tests/catalogue-toy.spec.ts); never shipped.
 */
import { run } from '../../../src/cli/main';
import { runProcess } from '../../../src/cli/process';
import { TOY_CATALOGUE } from './toyCatalogue';

runProcess(
  (argv, io) => run(argv, { ...io, catalogue: TOY_CATALOGUE }),
  process.argv.slice(2)
);
