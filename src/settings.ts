import { DEFAULT_SETTINGS, IIblNwbSettings } from './tokens';

/**
 * Turn the composite settings object from the registry into typed settings,
 * falling back to defaults for anything missing or of the wrong type.
 */
export function readSettings(
  composite: Record<string, unknown>
): IIblNwbSettings {
  const text = (key: keyof IIblNwbSettings): string => {
    const value = composite[key];
    return typeof value === 'string' ? value : DEFAULT_SETTINGS[key];
  };
  return {
    alyxUrl: text('alyxUrl'),
    cacheDir: text('cacheDir'),
    outputDir: text('outputDir')
  };
}
