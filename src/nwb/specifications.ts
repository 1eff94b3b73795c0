/** `/specifications`: the schema of every namespace the file uses, cached as JSON text. */
import core from './spec/core';
import hdmfCommon from './spec/hdmf-common';
import hdmfExperimental from './spec/hdmf-experimental';
import ndxAnatomicalLocalization from './spec/ndx-anatomical-localization';
import ndxEvents from './spec/ndx-events';
import ndxIbl from './spec/ndx-ibl';
import ndxPose from './spec/ndx-pose';
import type { H5File } from './h5';
import { refAttr, scalarText } from './h5';

export interface ICachedNamespace {
  name: string;
  version: string;
  /** JSON text of the namespace document. */
  namespace: string;
  /** JSON text of each schema source, by source name. */
  sources: Record<string, string>;
}

export const NAMESPACES: Record<string, ICachedNamespace> = Object.fromEntries(
  [
    core,
    hdmfCommon,
    hdmfExperimental,
    ndxPose,
    ndxEvents,
    ndxIbl,
    ndxAnatomicalLocalization
  ].map(ns => [ns.name, ns as ICachedNamespace])
);

export const CORE_VERSION = core.version;

/** Namespaces every file caches; extensions are added when one of their types is written. */
export const BASE_NAMESPACES = ['core', 'hdmf-common', 'hdmf-experimental'];

/**
 * Writes `/specifications/<name>/<version>/` for each namespace and points the root
 * `.specloc` attribute at it (hdmf only finds the cache through `.specloc`).
 */
export function writeSpecifications(
  file: H5File,
  names: Iterable<string>
): void {
  const root = file.create_group('specifications');
  for (const name of names) {
    const ns = NAMESPACES[name];
    if (!ns) {
      throw new Error(`no cached specification for namespace ${name}`);
    }
    const version = root.create_group(ns.name).create_group(ns.version);
    scalarText(version, 'namespace', ns.namespace);
    for (const [source, spec] of Object.entries(ns.sources)) {
      scalarText(version, source, spec);
    }
  }
  refAttr(file, '.specloc', root);
}
