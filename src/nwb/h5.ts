/** Thin helpers over h5wasm that always state the dtype and shape NWB expects. */
import type { Dataset, File as H5File, Group } from 'h5wasm/node';
import { NwbWriteError } from './errors';
import { h5Dtype, NumericArray, NumericDtype, dtypeOf } from './dtype';

export type { Dataset, Group, H5File };
export type H5Object = Group | Dataset;

type H5Lib = (typeof import('h5wasm/node'))['default'];
/** The emscripten module under h5wasm (its wasm heap and HDF5 helpers). */
export type H5Module = Awaited<H5Lib['ready']>;
let lib: H5Lib | undefined;
let module: H5Module | undefined;
let ready: Promise<H5Lib> | undefined;

/**
 * Loads h5wasm once and makes HDF5 errors throw instead of printing. A dynamic import,
 * because h5wasm is ESM-only and this code also runs from CommonJS (tsx scripts, CLI).
 */
export function h5Ready(): Promise<H5Lib> {
  ready ??= import('h5wasm/node').then(async m => {
    module = await m.default.ready;
    module.activate_throwing_error_handler();
    lib = m.default;
    return m.default;
  });
  return ready;
}

/** The loaded library; `h5Ready()` must have resolved. */
export function h5wasm(): H5Lib {
  if (!lib) {
    throw new Error('h5wasm is not loaded yet: await h5Ready() first');
  }
  return lib;
}

/** h5wasm's emscripten module; `h5Ready()` must have resolved. */
export function h5Module(): H5Module {
  if (!module) {
    throw new Error('h5wasm is not loaded yet: await h5Ready() first');
  }
  return module;
}

/** Every typed NWB object carries its type, the namespace defining it and a UUID4. */
export function markTyped(
  obj: H5Object,
  neurodataType: string,
  namespace: string
): void {
  obj.create_attribute('namespace', namespace);
  obj.create_attribute('neurodata_type', neurodataType);
  obj.create_attribute('object_id', crypto.randomUUID());
}

export function textAttr(obj: H5Object, name: string, value: string): void {
  obj.create_attribute(name, value);
}

/** 1-D text attribute; HDF5 via h5wasm cannot store an empty one, so callers avoid that. */
export function textArrayAttr(
  obj: H5Object,
  name: string,
  values: string[]
): void {
  obj.create_attribute(name, values, [values.length], 'S');
}

export function numberAttr(
  obj: H5Object,
  name: string,
  value: number,
  dtype: NumericDtype
): void {
  obj.create_attribute(name, value, null, h5Dtype(dtype));
}

export function numberArrayAttr(
  obj: H5Object,
  name: string,
  values: NumericArray
): void {
  obj.create_attribute(name, values, [values.length], h5Dtype(dtypeOf(values)));
}

export function refAttr(obj: H5Object, name: string, target: H5Object): void {
  obj.create_attribute(name, target.create_reference());
}

/** Scalar text dataset: UTF-8 for `text`, ASCII for `isodatetime` (as PyNWB writes them). */
export function scalarText(
  group: Group,
  name: string,
  value: string,
  charset: 'utf8' | 'ascii' = 'utf8'
): Dataset {
  return group.create_dataset({
    name,
    data: value,
    dtype: charset === 'ascii' ? 'A' : 'S'
  });
}

export function scalarNumber(
  group: Group,
  name: string,
  value: number,
  dtype: NumericDtype
): Dataset {
  return group.create_dataset({
    name,
    data: value,
    shape: [],
    dtype: h5Dtype(dtype)
  });
}

export function textArray(
  group: Group,
  name: string,
  values: string[],
  charset: 'utf8' | 'ascii' = 'utf8'
): Dataset {
  return group.create_dataset({
    name,
    data: values,
    shape: [values.length],
    dtype: charset === 'ascii' ? 'A' : 'S'
  });
}

/** 1-D dataset of object references (e.g. electrodes `group`, units `electrode_group`). */
export function refArray(
  group: Group,
  name: string,
  targets: H5Object[]
): Dataset {
  return group.create_dataset({
    name,
    data: targets.map(t => t.create_reference()),
    shape: [targets.length],
    dtype: 'Reference'
  });
}

export function getGroup(file: H5File, path: string, fsPath: string): Group {
  const obj = file.get(path);
  if (!(obj instanceof h5wasm().Group)) {
    throw new NwbWriteError(fsPath, path, 'expected an HDF5 group here');
  }
  return obj;
}

export function getObject(
  file: H5File,
  path: string,
  fsPath: string
): H5Object {
  const obj = file.get(path);
  if (obj instanceof h5wasm().Group || obj instanceof h5wasm().Dataset) {
    return obj;
  }
  throw new NwbWriteError(
    fsPath,
    path,
    'expected an HDF5 group or dataset here'
  );
}
