import { h } from './dom';

/** A labelled number box of the toolbar. */
export function numberBox(
  label: string,
  value: number,
  step: number | 'any' = 'any'
): HTMLInputElement {
  return h('input', {
    type: 'number',
    value,
    step,
    'aria-label': label,
    class: 'jp-NwbViewer-number'
  });
}

/** A drop-down of `[value, text]` options. */
export function selectBox(
  label: string,
  options: [string, string][],
  selected?: string
): HTMLSelectElement {
  const select = h('select', {
    class: 'jp-NwbViewer-select',
    'aria-label': label
  });
  for (const [value, text] of options) {
    select.append(h('option', { value, selected: value === selected }, text));
  }
  return select;
}

/** Replace the options of a drop-down and select one. */
export function setOptions(
  select: HTMLSelectElement,
  options: [string, string][],
  selected: string
): void {
  select.replaceChildren(
    ...options.map(([value, text]) => h('option', { value }, text))
  );
  select.value = selected;
}

/** A toolbar button. */
export function button(text: string, title: string): HTMLButtonElement {
  return h('button', { class: 'jp-NwbViewer-button', title }, text);
}

/**
 * The "whole series" control of every time view: sets the window to span
 * all the data (a real button, so Tab and Enter reach it).
 */
export function wholeButton(): HTMLButtonElement {
  const b = button('whole', 'Show the whole series (every sample or spike)');
  b.setAttribute('aria-label', 'whole series');
  return b;
}

/** `text ` followed by the control, as one label. */
export function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  return h('label', {}, `${text} `, control);
}

/** Redraws in order: a change while drawing waits for the draw before it. */
export function serialDraw(draw: () => Promise<void>): () => Promise<void> {
  let drawing = Promise.resolve();
  return () => {
    drawing = drawing.then(draw, draw);
    return drawing;
  };
}

/** The controls of a windowed time plot: start and length boxes, "whole", a status line. */
export interface ITimeWindowControls {
  start: HTMLInputElement;
  duration: HTMLInputElement;
  whole: HTMLButtonElement;
  status: HTMLSpanElement;
  plot: HTMLDivElement;
}

/**
 * Appends the toolbar (start, length, whole, status) and the plot area most time views
 * share to `host`, the window opening at `start` for `length` seconds.
 */
export function timeWindowToolbar(
  host: HTMLElement,
  start: number,
  length: number
): ITimeWindowControls {
  const controls: ITimeWindowControls = {
    start: numberBox('window start', start),
    duration: numberBox('window length', length),
    whole: wholeButton(),
    status: h('span', { class: 'jp-NwbViewer-range' }),
    plot: h('div', { class: 'jp-NwbViewer-plot', 'data-testid': 'nwb-plot' })
  };
  host.append(
    h(
      'div',
      { class: 'jp-NwbViewer-toolbar' },
      labelled('start (s)', controls.start),
      labelled('length (s)', controls.duration),
      controls.whole,
      controls.status
    ),
    controls.plot
  );
  return controls;
}
