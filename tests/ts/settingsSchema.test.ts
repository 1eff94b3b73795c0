/**
 * The settings schema as JupyterLab's settings registry compiles it (Ajv 8 with
 * the registry's options, `strict: false`, see
 * @jupyterlab/settingregistry/lib/settingregistry.js): no console warnings on
 * each load (an unknown "format" prints one per compile), defaults valid, and a
 * URL without its scheme refused.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import Ajv from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(new URL('../../schema/plugin.json', import.meta.url), 'utf8')
);
const pluginSchema = require('@jupyterlab/settingregistry/lib/plugin-schema.json');

/** What DefaultSchemaValidator.validateData does with a plugin's schema and user data. */
function load(user: Record<string, unknown>) {
  const composer = new Ajv({ useDefaults: true, strict: false });
  composer.addSchema(pluginSchema, 'jupyterlab-plugin-schema');
  expect(composer.validate('jupyterlab-plugin-schema', schema)).toBe(true);
  const validate = composer.compile(schema);
  const data = { ...user };
  validate(data);
  return { data, errors: validate.errors ?? null };
}

describe('settings schema', () => {
  afterEach(() => vi.restoreAllMocks());

  it('loads without console warnings', () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    expect(load({}).errors).toBeNull();
    expect(load({ alyxUrl: 'http://localhost:8000' }).errors).toBeNull();
    expect([...warn.mock.calls, ...log.mock.calls]).toEqual([]);
  });

  it('fills the defaults', () => {
    expect(load({}).data).toEqual({
      alyxUrl: 'https://openalyx.internationalbrainlab.org',
      cacheDir: '',
      outputDir: 'nwb',
      maxJobs: 0
    });
  });

  it('refuses an Alyx URL without http(s)://', () => {
    const { errors } = load({ alyxUrl: 'openalyx.internationalbrainlab.org' });
    expect(errors?.[0]?.instancePath).toBe('/alyxUrl');
  });
});
