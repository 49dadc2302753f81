'use strict';
// usage: node smoke.cjs <expected version>   (in the fresh install folder; see smoke-body.cjs)
require('./smoke-body.cjs')(require('partnercentral-selling'), 'require').catch((err) => {
  console.error(err);
  process.exit(1);
});
