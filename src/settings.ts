import { DEFAULT_SETTINGS, IIblNwbSettings } from './tokens';

/**
 * Turn the composite settings object from the registry into typed settings,
 * falling back to defaults for anything missing or of the wrong type.
 */
export function readSettings(
  composite: Record<string, unknown>
): IIblNwbSettings {
  const text = (key: 'alyxUrl' | 'cacheDir' | 'outputDir'): string => {
    const value = composite[key];
    return typeof value === 'string' ? value : DEFAULT_SETTINGS[key];
  };
  const maxJobs = composite.maxJobs;
  return {
    alyxUrl: text('alyxUrl'),
    cacheDir: text('cacheDir'),
    outputDir: text('outputDir'),
    maxJobs:
      Number.isInteger(maxJobs) &&
      (maxJobs as number) >= 0 &&
      (maxJobs as number) <= 16
        ? (maxJobs as number)
        : DEFAULT_SETTINGS.maxJobs
  };
}
