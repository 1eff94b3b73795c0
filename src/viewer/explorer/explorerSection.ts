import { h } from '../views/dom';

/**
 * One collapsible panel of the explorer: a heading button (Tab reaches it,
 * Enter or Space folds it, `aria-expanded` says which) over a body the
 * panel's view draws into.
 */
export function explorerSection(
  title: string,
  path: string
): { section: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'jp-NwbViewer-explorerBody' });
  const toggle = h(
    'button',
    {
      class: 'jp-NwbViewer-explorerToggle',
      'aria-expanded': 'true',
      title: `Fold or unfold the ${title} panel`
    },
    `▾ ${title}`
  );
  toggle.onclick = () => {
    const open = body.hidden;
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = `${open ? '▾' : '▸'} ${title}`;
  };
  const section = h(
    'section',
    {
      class: 'jp-NwbViewer-explorerPanel',
      'data-panel': title,
      'data-path': path
    },
    h('h3', {}, toggle, h('span', { class: 'jp-NwbViewer-range' }, ` ${path}`)),
    body
  );
  return { section, body };
}
