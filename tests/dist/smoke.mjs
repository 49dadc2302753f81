// usage: node smoke.mjs <expected version>   (in the fresh install folder; see smoke-body.cjs)
import * as pkg from 'partnercentral-selling';
import smoke from './smoke-body.cjs';

await smoke(pkg, 'import');
