import * as React from 'react';

import { IIblNwbSettings } from '../tokens';

/** The data source and output settings in force (edited in the Settings Editor). */
export function SettingsSection(props: {
  settings: IIblNwbSettings;
}): JSX.Element {
  const { settings } = props;
  return (
    <section
      className="jp-IblNwb-section"
      aria-labelledby="jp-IblNwb-settings-title"
    >
      <h3 className="jp-IblNwb-sectionTitle" id="jp-IblNwb-settings-title">
        Data source and output
      </h3>
      <dl className="jp-IblNwb-facts">
        <dt>Alyx</dt>
        <dd data-testid="setting-alyx-url">{settings.alyxUrl}</dd>
        <dt>ONE cache</dt>
        <dd data-testid="setting-cache-dir">
          {settings.cacheDir || 'bundled sample'}
        </dd>
        <dt>Output</dt>
        <dd data-testid="setting-output-dir">{settings.outputDir}</dd>
      </dl>
    </section>
  );
}
