'use strict';
// `paginateListEngagementInvitations({ client, pageSize, startingToken, stopOnSameToken }, input)`
// and one such function per paginated operation of the table, with the AWS SDK for JavaScript
// v3's semantics (its `createPaginator`): an async generator of whole pages (each the command's
// output with `$metadata`); the first request carries `startingToken` (else the input's own token)
// and, when the input sets no page size, `pageSize` in the operation's limit key; every next
// request carries the previous page's output token; it stops after the page without one (or,
// with `stopOnSameToken`, a page that repeats the token it was fetched with). One difference:
// the caller's input object is copied, never written to (the JS SDK writes the tokens into it).

const paginators = new Map();

function paginatorFor(op, Client) {
  let fn = paginators.get(op.name);
  if (fn !== undefined) return fn;
  const { inputToken, outputToken, limitKey } = op.paginator;
  fn = {
    async *[op.paginatorName](config, input = {}) {
      if (!config || !(config.client instanceof Client)) {
        throw new TypeError(`Invalid client, expected instance of ${Client.name}`);
      }
      const request = { ...input };
      let token = config.startingToken ?? request[inputToken];
      for (;;) {
        request[inputToken] = token;
        if (limitKey) request[limitKey] = request[limitKey] ?? config.pageSize;
        const page = await config.client[op.jsName]({ ...request });
        yield page;
        const previous = token;
        token = page[outputToken];
        if (!token || (config.stopOnSameToken && token === previous)) return undefined;
      }
    },
  }[op.paginatorName];
  paginators.set(op.name, fn);
  return fn;
}

module.exports = { paginatorFor };
