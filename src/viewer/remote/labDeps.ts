import { lindiExistsByHead, type IPlanDeps } from './openPlan';
import { allow, getJsonViaProxy, proxyHeaders, proxyUrlOf } from './serverApi';

/** The plan's I/O in the lab: the Jupyter server's DANDI routes and a HEAD for LINDI. */
export function labPlanDeps(): IPlanDeps {
  return {
    getJson: getJsonViaProxy,
    allow,
    proxy: url => ({ proxyUrl: proxyUrlOf(url), proxyHeaders: proxyHeaders() }),
    lindiExists: url => lindiExistsByHead(url)
  };
}
