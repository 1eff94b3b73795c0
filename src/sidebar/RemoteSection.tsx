import type { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { RemoteCommandIDs } from '../viewer/remote/commandIds';

import type { IRecentRemote, RecentRemotes } from '../viewer/remote/recent';

/**
 * NWB files that are not under the Jupyter root: open one by URL or from DANDI
 * (lazily, nothing downloaded), and the ones opened lately, one click to reopen.
 */
export function RemoteSection(props: {
  commands: CommandRegistry;
  recent: RecentRemotes;
}): JSX.Element {
  const { commands, recent } = props;
  const [items, setItems] = React.useState<readonly IRecentRemote[]>(
    recent.list
  );
  React.useEffect(() => {
    const update = (_: RecentRemotes, list: readonly IRecentRemote[]) =>
      setItems(list);
    recent.changed.connect(update);
    setItems(recent.list);
    return () => {
      recent.changed.disconnect(update);
    };
  }, [recent]);
  return (
    <section
      className="jp-IblNwb-section"
      aria-labelledby="jp-IblNwb-remote-title"
      data-testid="remote-files"
    >
      <h3 className="jp-IblNwb-sectionTitle" id="jp-IblNwb-remote-title">
        NWB files on DANDI or the web
      </h3>
      <div className="jp-IblNwb-actions">
        <button
          type="button"
          className="jp-Button jp-mod-styled"
          onClick={() => void commands.execute(RemoteCommandIDs.open)}
        >
          Open from URL or DANDI…
        </button>
        <button
          type="button"
          className="jp-Button jp-mod-styled"
          onClick={() => void commands.execute(RemoteCommandIDs.browser)}
        >
          DANDI browser
        </button>
      </div>
      {items.length > 0 && (
        <ul
          className="jp-IblNwb-recentRemotes"
          aria-label="Recent remote files"
        >
          {items.map(item => (
            <li key={item.input}>
              <button
                type="button"
                className="jp-Button jp-mod-styled jp-mod-minimal"
                title={`${item.input}\nopened ${new Date(item.opened).toLocaleString()}`}
                onClick={() =>
                  void commands.execute(RemoteCommandIDs.open, {
                    input: item.input
                  })
                }
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
