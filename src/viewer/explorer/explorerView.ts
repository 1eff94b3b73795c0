import { h, message } from '../views/dom';
import {
  handlesType,
  type INwbView,
  type IViewContext
} from '../views/registry';
import { explorerPlan } from './explorerPanels';
import { explorerSection } from './explorerSection';

/**
 * The session explorer: the trials timeline, the units raster, behaviour
 * series, video and drift map of one file stacked in one view, each drawn
 * by its own registered view through `context.renderView`, so they share
 * the tab's time window, cursor and units filter.
 */
export const explorerView: INwbView = {
  id: 'explorer',
  label: 'Session explorer',
  priority: 10,
  canHandle: node => handlesType('NWBFile')(node) && node.path === '/',
  async render(host: HTMLElement, context: IViewContext) {
    const renderView = context.renderView;
    const viewIdsFor = context.viewIdsFor;
    if (!renderView || !viewIdsFor) {
      host.append(
        message(
          'info',
          'Cannot display the session explorer here because this viewer cannot draw views inside views (open the file in a viewer tab).'
        )
      );
      return;
    }
    const plan = explorerPlan(context.model, viewIdsFor);
    const root = h('div', {
      class: 'jp-NwbViewer-explorer',
      'data-testid': 'nwb-explorer'
    });
    host.append(root);
    if (plan.missing.length) {
      const note = message(
        'info',
        `Not in this file: ${plan.missing.join(', ')}.`
      );
      note.setAttribute('data-testid', 'nwb-explorer-missing');
      root.append(note);
    }
    if (plan.panels.length === 0) {
      root.append(
        message(
          'info',
          'Cannot display a session explorer because this file has no trials, units or behaviour series.'
        )
      );
      return;
    }
    // One after another: the first time view sets the tab's window (if none
    // is set yet) and the others open at it instead of their own defaults.
    for (const panel of plan.panels) {
      if (context.signal.aborted) {
        return;
      }
      const { section, body } = explorerSection(panel.title, panel.path);
      root.append(section);
      try {
        await renderView(body, panel.path, panel.viewId);
        body.setAttribute('data-rendered', 'true');
      } catch (error) {
        if (context.signal.aborted) {
          return;
        }
        body.setAttribute('data-rendered', 'error');
        body.append(
          message(
            'error',
            `Could not display ${panel.path}: ${error instanceof Error ? error.message : String(error)}`
          )
        );
      }
    }
  }
};
