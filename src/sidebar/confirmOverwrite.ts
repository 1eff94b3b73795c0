/** Ask before replacing a file (metadata JSON or .nwb) that already exists. */
import { Dialog, showDialog } from '@jupyterlab/apputils';

export async function confirmOverwrite(
  path: string,
  what = 'a different file'
): Promise<boolean> {
  const result = await showDialog({
    title: 'Replace existing file?',
    body: `${path} already exists and holds ${what}. Replace it?`,
    // Keeping the file is the default, so Enter never replaces by accident.
    defaultButton: 0,
    buttons: [
      Dialog.cancelButton({ label: 'Keep it' }),
      Dialog.warnButton({ label: 'Replace' })
    ]
  });
  return result.button.accept;
}
