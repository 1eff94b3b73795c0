/**
 * The body of "Convert to NWB…"'s dialog: the output path, and the session's modalities as
 * the converter judged them (`ibl2nwb info`, through the server's session route), so the
 * user sees what the run will write and what it will skip, and why.
 */
import { Dialog } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IModalityAvailability } from './convert/modalityInfo';
import { ModalityList } from './sidebar/ModalityList';

export class ConvertDialogBody
  extends ReactWidget
  implements Dialog.IBodyWidget<string>
{
  private _output: string;

  /** `interfaces`: the session's modalities, or why they could not be listed. */
  constructor(
    output: string,
    private readonly _interfaces: IModalityAvailability[] | string
  ) {
    super();
    this._output = output;
    this.addClass('jp-IblNwb-convertDialog');
  }

  getValue(): string {
    return this._output;
  }

  render(): JSX.Element {
    const interfaces = this._interfaces;
    return (
      <>
        <label className="jp-IblNwb-field">
          <span>Output file (relative to the server root)</span>
          <input
            className="jp-mod-styled"
            name="output"
            defaultValue={this._output}
            onChange={e => (this._output = e.target.value)}
          />
        </label>
        <p className="jp-IblNwb-hint">
          Every available processed modality is written, the others skipped with
          their reason; raw data only from the sidebar&apos;s Convert.
        </p>
        {typeof interfaces === 'string' ? (
          <p className="jp-IblNwb-hint" role="status">
            {interfaces}
          </p>
        ) : (
          <ModalityList interfaces={interfaces} />
        )}
      </>
    );
  }
}
