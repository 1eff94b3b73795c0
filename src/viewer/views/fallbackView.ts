import { NWB1_LIMITS } from '../model/nwb1';
import type { INwbFileModel } from '../model/nwbFile';
import type { INeurodataNode } from '../model/tree';
import { h, message } from './dom';
import { inspect } from './inspectorView';
import type { INwbView, IViewContext } from './registry';

/** Why nothing better than the raw inspector can show `node`. */
export function cannotDisplayReason(
  node: INeurodataNode,
  model?: INwbFileModel
): string {
  if (model?.nwb1 && !node.externalLink && !node.softLink) {
    const what = node.neurodataType
      ? `an NWB 1.x ${node.neurodataType}`
      : `part of an NWB 1.x file (${model.nwb1})`;
    return `it is ${what}: ${NWB1_LIMITS}`;
  }
  if (node.externalLink) {
    return `it lives in another file (${node.externalLink.file}, ${node.externalLink.path}), which the viewer does not open`;
  }
  if (node.kind === 'broken-link') {
    return `it is a link to ${node.softLink}, which does not exist in this file`;
  }
  if (node.softLink) {
    return `it is a link to ${node.softLink}; open that object instead`;
  }
  if (!node.neurodataType) {
    return node.kind === 'group'
      ? `it is a plain HDF5 group with no neurodata type; pick one of its ${node.children.length} members in the tree`
      : 'it is a dataset with no neurodata type (its raw HDF5 details are below)';
  }
  return `no view handles ${node.neurodataType} yet (type ancestry: ${node.ancestry.join(' → ')})`;
}

/**
 * The default view when no specific view applies: a clear "cannot display
 * because …" message above the raw HDF5 details — never a blank panel.
 */
export function fallbackView(
  hasSpecificView: (node: INeurodataNode, model: INwbFileModel) => boolean
): INwbView {
  return {
    id: 'fallback',
    label: 'Details',
    priority: 1,
    canHandle: (node, model) => !hasSpecificView(node, model),
    async render(host: HTMLElement, context: IViewContext) {
      const note = message(
        'info',
        `Cannot display ${context.node.path || '/'} because ${cannotDisplayReason(context.node, context.model)}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      if (context.node.softLink && context.node.kind !== 'broken-link') {
        const go = h(
          'button',
          { class: 'jp-NwbViewer-button' },
          `Open ${context.node.softLink}`
        );
        go.onclick = () => context.select(context.node.softLink as string);
        host.append(go);
      }
      host.append(await inspect(context));
    }
  };
}
