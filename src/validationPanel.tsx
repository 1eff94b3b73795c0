import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ValidationFindings } from './sidebar/jobs/ValidationFindings';
import { ValidationModel } from './sidebar/jobs/ValidationModel';

/**
 * The findings of one file's validation, in the main area: opened by the
 * "Validate NWB file" command, live until the validators are done.
 */
export class ValidationPanel extends ReactWidget {
  constructor(path: string) {
    super();
    this.model = new ValidationModel(path);
    this.model.changed.connect(() => this.update(), this);
    this.addClass('jp-IblNwb-validationPanel');
    void this.model.start();
  }

  readonly model: ValidationModel;

  dispose(): void {
    this.model.dispose();
    super.dispose();
  }

  protected render(): JSX.Element {
    const { validation, error, path } = this.model;
    return (
      <div className="jp-IblNwb-validationBody">
        <h2 className="jp-IblNwb-validationTitle">
          Validation of <code>{path}</code>
        </h2>
        {error !== null && (
          <p
            className="jp-IblNwb-error"
            role="alert"
            data-testid="validation-refused"
          >
            {error}
          </p>
        )}
        {validation === null && error === null && (
          <p className="jp-IblNwb-hint">Asking the server…</p>
        )}
        {validation !== null && <ValidationFindings validation={validation} />}
        <button
          type="button"
          className="jp-Button jp-mod-styled"
          disabled={
            validation !== null &&
            ['queued', 'running'].includes(validation.status)
          }
          onClick={() => void this.model.start()}
        >
          Validate again
        </button>
      </div>
    );
  }
}
