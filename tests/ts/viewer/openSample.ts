import { statSync } from 'node:fs';
import { basename } from 'node:path';

import { H5wasmSource } from '../../../src/viewer/h5/h5wasmSource';

/**
 * Open a file on disk as an `IH5Source` (h5wasm/node reads real paths).
 * A dynamic import because h5wasm is ESM-only and tsx runs scripts as CJS.
 */
export async function openSample(path: string): Promise<{
  source: H5wasmSource;
  file: InstanceType<typeof import('h5wasm/node').default.File>;
  close: () => void;
}> {
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'r');
  return {
    source: new H5wasmSource(file, basename(path), statSync(path).size),
    file,
    close: () => file.close()
  };
}
