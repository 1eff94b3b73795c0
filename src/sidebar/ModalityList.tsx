import * as React from 'react';

import type { IModalityAvailability } from '../convert/modalityInfo';

/**
 * The converter's modalities for a session, exactly as `ibl2nwb info` judged them (the
 * server's session route passes its `interfaces` on): no rules of the sidebar's own.
 */
export function ModalityList(props: {
  interfaces: IModalityAvailability[];
}): JSX.Element {
  return (
    <ul className="jp-IblNwb-modalities" aria-label="Modalities">
      {props.interfaces.map(m => (
        <li
          key={m.name}
          className={m.available ? 'jp-mod-available' : 'jp-mod-missing'}
          data-modality={m.name}
          data-kind={m.kind}
          data-available={m.available}
          title={m.reason}
        >
          <span aria-hidden="true">{m.available ? '✓' : '–'}</span> {m.title}
          {m.kind === 'raw' ? (
            <span className="jp-IblNwb-modalityKind"> (raw)</span>
          ) : null}
          <span className="jp-IblNwb-visuallyHidden">
            {m.available ? ' available' : ` not available: ${m.reason}`}
          </span>
        </li>
      ))}
    </ul>
  );
}
