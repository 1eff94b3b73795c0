/**
 * The ALF revision a conversion is pinned to. The release converts every processed
 * dataset at one revision (`2025-05-06`) with ONE's "last before" rule; pinning the same
 * revision here reproduces its choice of files. The pin comes from `--revision` or from
 * the metadata document (`Ibl.revision`, editable in the sidebar's form).
 */
import type { IReportNote } from '../report';

/** ALF revision folder names: `#<revision>#`, no `#`, `/` or `\` inside, no spaces at the ends. */
const REVISION = /^[^#/\\\s](?:[^#/\\]*[^#/\\\s])?$/;

/** Why `revision` cannot name an ALF revision folder, or null when it can. */
export function revisionProblem(revision: string): string | null {
  return REVISION.test(revision)
    ? null
    : `"${revision}" is not an ALF revision name (e.g. 2025-05-06: no #, / or \\, no surrounding spaces)`;
}

/**
 * The pin to use: the explicit option wins over the document's; when they differ the
 * report says so (the document is not silently ignored).
 */
export function pinnedRevision(
  option: string | undefined,
  documentPin: string | undefined,
  notes: IReportNote[]
): string | undefined {
  const fromDocument = documentPin?.trim() || undefined;
  if (option !== undefined && fromDocument && option !== fromDocument) {
    notes.push({
      step: 'session',
      message: `datasets read at revision ${option} (--revision), not ${fromDocument} as the metadata document's Ibl.revision says`
    });
  }
  return option ?? fromDocument;
}
