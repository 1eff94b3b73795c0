/** ndx-ibl types beyond the subject: IblMetadata (`/general/ibl_metadata`). */
import { INwbObject } from './context';
import { addLabMetaData } from './containers';
import type { NWBFile } from './file';
import { getGroup, textAttr } from './h5';

/** Records the ALF revision the processed data came from. */
export function addIblMetadata(nwb: NWBFile, revision: string): INwbObject {
  const meta = addLabMetaData(nwb, 'ibl_metadata', 'IblMetadata', 'ndx-ibl');
  textAttr(
    getGroup(nwb.ctx.file, meta.path, nwb.ctx.fsPath),
    'revision',
    revision
  );
  return meta;
}
