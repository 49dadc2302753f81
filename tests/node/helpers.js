'use strict';
// Shared by the Node tests: the package under test, a valid request, and small servers.
const http = require('node:http');
const path = require('node:path');

const pkgDir = path.resolve(__dirname, '..', '..', 'bindings-node');
const pkg = require(pkgDir);

/** A request the emulator accepts (demo engagement, documented test receiver). */
function validInput(overrides = {}) {
  return {
    Catalog: 'Sandbox',
    EngagementIdentifier: 'eng-demo00000000s1',
    Invitation: {
      Message: 'Joint opportunity for Example Corp',
      Receiver: { Account: { AwsAccountId: '444455556666', Alias: 'Receiver' } },
      Payload: {
        OpportunityInvitation: {
          SenderContacts: [{ Email: 'jane@example.com', FirstName: 'Jane', LastName: 'Doe', BusinessTitle: 'PDM', Phone: '+14155550100' }],
          ReceiverResponsibilities: ['Distributor'],
          Customer: {
            Industry: 'Aerospace',
            CompanyName: 'Example Corp',
            WebsiteUrl: 'https://www.example.com',
            CountryCode: 'US',
          },
          Project: {
            BusinessProblem: 'The customer needs to migrate its analytics platform to AWS.',
            Title: 'Analytics migration',
            TargetCompletionDate: '2027-06-30',
            ExpectedCustomerSpend: [
              { Amount: '1000.00', CurrencyCode: 'USD', Frequency: 'Monthly', TargetCompany: 'AWS' },
            ],
          },
        },
      },
    },
    ...overrides,
  };
}

/** A client for `emu` with its documented credentials. */
function clientFor(emu, extra = {}) {
  return new pkg.PartnerCentralSellingClient({
    region: 'us-east-1',
    endpoint: emu.url,
    credentials: emu.credentials,
    ...extra,
  });
}

/**
 * A loopback HTTP server answering each request with the next scripted response
 * (`{ status, headers, body }`), recording what it received. Used where a test needs an exact
 * error response the emulator has no reason to produce.
 */
async function scriptedServer(responses) {
  const received = [];
  let i = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const r = responses[Math.min(i++, responses.length - 1)];
      res.writeHead(r.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${i}`, ...(r.headers || {}) });
      res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? {}));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function errorBody(code, message, extra = {}) {
  return { __type: `com.amazonaws.partnercentralselling#${code}`, message, ...extra };
}

module.exports = { pkg, pkgDir, validInput, clientFor, scriptedServer, errorBody };
