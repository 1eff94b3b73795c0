import { LabIcon } from '@jupyterlab/ui-components';

import iblNwbSvg from '../style/icons/ibl-nwb.svg';
import nwbFileSvg from '../style/icons/nwb-file.svg';

export const iblNwbIcon = new LabIcon({
  name: 'jupyterlab-ibl-nwb:ibl-nwb',
  svgstr: iblNwbSvg
});

export const nwbFileIcon = new LabIcon({
  name: 'jupyterlab-ibl-nwb:nwb-file',
  svgstr: nwbFileSvg
});
