'use strict';
// The core's operation table, read from the addon once, on first use: every operation's name, JS
// method name, whether it has an output, its paginator, and the members of each modelled error.
// The client's methods, the Command classes, the paginators and the error classes are all made
// from it; nothing in lib/ names an operation.

const native = require('./native');

let table = null;

function load() {
  if (table !== null) return table;
  const raw = JSON.parse(native.operationTable());
  const byName = new Map();
  raw.operations.forEach((op, index) => {
    op.index = index;
    op.commandName = `${op.name}Command`;
    op.paginatorName = op.paginator ? `paginate${op.name}` : null;
    byName.set(op.name, op);
  });
  table = { operations: raw.operations, errors: raw.errors, byName };
  return table;
}

/**
 * The operation called `name`: the model's name (`ListEngagementInvitations`), the JS method
 * (`listEngagementInvitations`) or the Command's name (`ListEngagementInvitationsCommand`).
 */
function find(name) {
  const t = load();
  if (typeof name !== 'string') return undefined;
  const direct = t.byName.get(name) ?? t.byName.get(name.replace(/Command$/, ''));
  if (direct) return direct;
  return t.operations.find((op) => op.jsName === name);
}

module.exports = { load, find };
