// Hostile values at every position of a request, through the Node package.
//
// The table (tests/hardening/hostile-values.json) is shared with the Python suite; its `about` says
// what each value type must lead to. Every case ends in a clear outcome: a fulfilled call, a
// ValidationError naming the position, a service error, or a clear error of the package. A crashed
// process (a stack overflow in the conversion, a panic) or a hang fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pcs = require('../../bindings-node');
const table = JSON.parse(
  readFileSync(new URL('../hardening/hostile-values.json', import.meta.url), 'utf8'),
);
const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

class Custom {
  constructor() {
    this.kind = 'not a request member';
  }
}

function nested(depth, wrap) {
  let value = 'x';
  for (let i = 0; i < depth; i += 1) value = wrap(value);
  return value;
}

const jsValues = {
  undefined: () => undefined,
  symbol: () => Symbol('hostile'),
  function: () => () => 'AWS',
  bigint: () => 2n ** 128n + 1n,
  map: () => new Map([['Catalog', 'AWS']]),
  // eslint-disable-next-line no-sparse-arrays
  sparse_array: () => [, 'Reseller', , ],
  throwing_getter: () =>
    Object.defineProperty({}, 'Email', {
      enumerable: true,
      get() {
        throw new Error('this getter cannot be read');
      },
    }),
  proxy: () =>
    new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('this proxy cannot be listed');
        },
      },
    ),
};

function build(spec) {
  if ('json' in spec) return structuredClone(spec.json);
  if ('float' in spec) return Number(spec.float);
  if ('bigint' in spec) return Number(spec.bigint); // JSON numbers are doubles: 3.4e38 here
  if ('bytes' in spec) return Buffer.from(spec.bytes);
  if ('date' in spec) return new Date(spec.date);
  if ('custom_object' in spec) return new Custom();
  if ('repeat_string' in spec) return spec.repeat_string.repeat(spec.count);
  if ('repeat_list' in spec) {
    return Array.from({ length: spec.count }, () => structuredClone(spec.repeat_list));
  }
  if ('nested_list' in spec) return nested(spec.nested_list, (inner) => [inner]);
  if ('nested_object' in spec) return nested(spec.nested_object, (inner) => ({ [spec.key]: inner }));
  if ('wide_object' in spec) {
    return Object.fromEntries(Array.from({ length: spec.wide_object }, (_, i) => [`Unknown${i}`, i]));
  }
  if ('huge_key' in spec) return { [spec.huge_key.repeat_string.repeat(spec.huge_key.count)]: 1 };
  if ('utf16' in spec) return String.fromCharCode(...spec.utf16);
  if ('non_string_keys' in spec) {
    // Object keys are strings in JavaScript; a symbol key is the nearest hostile equivalent.
    return { [Symbol('key')]: 'symbol-keyed', 1: 'numeric-looking' };
  }
  if ('circular' in spec) {
    const loop = { Email: 'pat@example.com' };
    loop.Self = loop;
    return loop;
  }
  return jsValues[spec.js]();
}

function setAt(tree, path, value) {
  const steps = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
  let node = tree;
  for (const step of steps.slice(0, -1)) node = node[step];
  node[steps.at(-1)] = value;
}

const parentPath = (path) => path.slice(0, path.lastIndexOf('.'));
const atOrUnder = (path, position) =>
  path === position || path.startsWith(`${position}.`) || path.startsWith(`${position}[`);

let emulator;
let client;
before(async () => {
  emulator = await pcs.startEmulator();
  client = new pcs.PartnerCentralSellingClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: CREDENTIALS,
  });
});
after(async () => {
  await emulator?.stop();
});

async function outcomeOf(input) {
  try {
    return ['ok', await client.createEngagementInvitation(input)];
  } catch (error) {
    if (error instanceof pcs.ValidationError) return ['violations', error];
    if (error instanceof pcs.PartnerCentralSellingServiceException) return ['service', error];
    return ['error', error];
  }
}

function checkOutcome(value, position, kind, result) {
  const { path } = position;
  const refusable = value.may_refuse_whole_input ?? false;
  const detail = () => `${value.type} at ${path} (${position.type}) gave ${kind}: ${result?.message ?? ''}`;
  if (kind === 'error') {
    // A clear error: an Error with a name and a message of sensible size, never a thrown string.
    assert.ok(result instanceof Error, `not an Error: ${String(result)}`);
    assert.ok(result.message.trim().length > 0, 'an error without a message');
    assert.ok(result.message.length < 100_000, 'an error message the size of the input');
  }
  if (kind === 'violations') {
    assert.ok(result.errors.length > 0, 'ValidationError without violations');
    for (const v of result.errors) assert.ok('path' in v && 'code' in v && 'message' in v);
  }
  const type = value.type;
  if (type === 'null' || type === 'absent') {
    if (!position.required) {
      assert.equal(kind, 'ok', detail());
    } else {
      const expectedAt = position.union_member ? parentPath(path) : path;
      assert.equal(kind, 'violations', detail());
      assert.ok(result.errors.some((v) => v.path === expectedAt), JSON.stringify(result.errors));
    }
  } else if (type === 'scalar' || (['string', 'list', 'object'].includes(type) && type !== position.type)) {
    if (refusable && kind === 'error') return;
    assert.equal(kind, 'violations', detail());
    assert.ok(
      result.errors.some((v) => v.path === path && v.code === 'INVALID_VALUE'),
      JSON.stringify(result.errors.slice(0, 5)),
    );
  } else if (['string', 'list', 'object'].includes(type)) {
    assert.ok(kind !== 'error' || refusable, detail());
    if (kind === 'violations') {
      assert.ok(result.errors.every((v) => atOrUnder(v.path, path)), JSON.stringify(result.errors.slice(0, 5)));
    }
  } else if (type === 'string_like') {
    if (kind === 'violations') {
      assert.ok(result.errors.every((v) => atOrUnder(v.path, path)), JSON.stringify(result.errors.slice(0, 5)));
    }
  } else {
    assert.equal(type, 'unconvertible');
    assert.ok(['violations', 'error'].includes(kind), detail());
    if (kind === 'violations') {
      assert.ok(result.errors.some((v) => atOrUnder(v.path, path)), JSON.stringify(result.errors.slice(0, 5)));
    }
  }
}

const values = table.values.filter((v) => (v.front_ends ?? ['node']).includes('node'));

for (const value of values) {
  test(`hostile value ${value.name} at every position`, async (t) => {
    for (const position of table.positions) {
      await t.test(position.path, async () => {
        const input = structuredClone(table.base);
        setAt(input, position.path, build(value.build));
        const [kind, result] = await outcomeOf(input);
        checkOutcome(value, position, kind, result);
      });
    }
  });

  test(`validate() agrees with the call for ${value.name}`, async () => {
    const input = structuredClone(table.base);
    setAt(input, 'Invitation.Message', build(value.build));
    const [kind, result] = await outcomeOf(input);
    let listed;
    try {
      listed = pcs.validate(input);
    } catch (error) {
      assert.equal(kind, 'error', `validate() threw ${error} but the call gave ${kind}`);
      return;
    }
    if (kind === 'violations') assert.deepEqual(listed, result.errors);
    else assert.deepEqual(listed, [], `validate() listed ${JSON.stringify(listed)} but the call gave ${kind}`);
  });
}
