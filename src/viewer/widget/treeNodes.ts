import type { INeurodataNode } from '../model/tree';

/** Members of a table (its columns) are shown by the table view, not the tree. */
const isTable = (node: INeurodataNode) =>
  node.ancestry.includes('DynamicTable');

const hasTypedDescendant = (node: INeurodataNode): boolean =>
  node.children.some(
    c =>
      (c.neurodataType && !c.softLink) ||
      c.externalLink ||
      hasTypedDescendant(c)
  );

/**
 * The children worth listing in the neurodata tree: typed objects, external
 * links, and plain groups that lead to typed objects.
 */
export function treeChildren(node: INeurodataNode): INeurodataNode[] {
  if (isTable(node)) {
    return [];
  }
  return node.children.filter(
    c =>
      (c.neurodataType && !c.softLink) ||
      c.externalLink ||
      (c.kind === 'group' && !c.softLink && hasTypedDescendant(c))
  );
}

/** Nodes whose path, type or any ancestor type contains `query` (case-insensitive). */
export function searchTree(
  root: INeurodataNode,
  query: string
): INeurodataNode[] {
  const needle = query.trim().toLowerCase();
  const found: INeurodataNode[] = [];
  const visit = (node: INeurodataNode) => {
    for (const child of node.children) {
      const haystack = [child.path, ...child.ancestry].join(' ').toLowerCase();
      if (!child.softLink && haystack.includes(needle)) {
        found.push(child);
      }
      visit(child);
    }
  };
  if (needle) {
    visit(root);
  }
  return found;
}

/**
 * The hover text of a tree row: the whole name first (the row may cut it
 * off), then its type and path, then the description.
 */
export function rowTitle(node: INeurodataNode): string {
  const type = node.neurodataType ? ` (${node.neurodataType})` : '';
  const lines = [`${node.name || '/'}${type}`];
  if (node.path !== `/${node.name}` && node.path !== '/') {
    lines.push(node.path);
  }
  if (node.description) {
    lines.push(node.description);
  }
  return lines.join('\n');
}
