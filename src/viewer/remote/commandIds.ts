import { PACKAGE_NAME } from '../../tokens';

/** The remote-opening commands (also named in schema/remote.json: File menu, file browser toolbar). */
export namespace RemoteCommandIDs {
  export const open = `${PACKAGE_NAME}:open-remote-nwb`;
  export const browser = `${PACKAGE_NAME}:dandi-browser`;
}
