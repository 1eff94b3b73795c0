import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

import { labPlanDeps } from '../remote/labDeps';
import { planRef, urlTarget, labelOf } from '../remote/openPlan';
import { remoteSettings } from '../remote/remoteSettings';
import type { NwbTarget } from '../widget/target';
import type { INwbViewData } from './mimeData';
import { serverPath } from './serverPath';

/** What an `NWBView(...)` output opens: a server file, a URL, or a DANDI asset. */
export async function outputTarget(
  data: INwbViewData,
  resolver: IRenderMime.IResolver | null
): Promise<NwbTarget> {
  if ('path' in data) {
    return { kind: 'server', path: await serverPath(data.path, resolver) };
  }
  const settings = await remoteSettings();
  const deps = labPlanDeps();
  if ('url' in data) {
    await deps.allow({ url: data.url });
    return urlTarget(data.url, labelOf(data.url), settings, deps);
  }
  const { dandiset, path, version, apiUrl } = data.dandi;
  const plan = await planRef(
    {
      kind: 'path',
      apiUrl: apiUrl ?? settings.dandiApiUrl,
      dandiset,
      version,
      path
    },
    settings,
    deps
  );
  if (plan.kind !== 'open') {
    throw new Error(`${dandiset}/${path} is not an asset`);
  }
  return plan.target;
}
