'use strict';
// Turns a JS request object into a JSON tree the core can validate, and notes every value JSON
// cannot carry faithfully (BigInt, Symbol, functions, NaN, class instances, undefined in a list,
// lone surrogates, cycles) at its path. JSON.stringify would silently drop or coerce those, so the
// caller would send something other than what it wrote.

const MAX_DEPTH = 64;

// A value of a type no member of this model has (the model has no booleans): the core reports a
// wrong type at exactly this path and does not descend, so its violation lands in its natural order.
const SENTINEL = false;

function describe(value) {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  const t = typeof value;
  if (t === 'number') return String(value);
  if (t === 'bigint') return `a BigInt (${value}n)`;
  if (t === 'symbol') return 'a Symbol';
  if (t === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  const proto = Object.getPrototypeOf(value);
  const name = proto && proto.constructor && proto.constructor.name;
  return name ? `an instance of ${name}` : 'an object';
}

function join(path, key) {
  return path === '' ? key : `${path}.${key}`;
}

/** Returns `{ tree, problems }`: `problems` maps a path to what was found there ("a BigInt (1n)"). */
function toTree(input) {
  const problems = new Map();
  const ancestors = new Set();

  const flag = (path, message) => {
    problems.set(path, message);
    return SENTINEL;
  };

  const walk = (value, path, depth) => {
    if (value === null) return null;
    switch (typeof value) {
      case 'string':
        if (!value.isWellFormed()) {
          return flag(path, 'a string with a lone UTF-16 surrogate (not encodable as UTF-8; fix the string)');
        }
        return value;
      case 'number':
        if (!Number.isFinite(value)) return flag(path, `${value} (not representable in JSON)`);
        return value;
      case 'boolean':
        return value;
      case 'bigint':
      case 'symbol':
      case 'function':
      case 'undefined':
        return flag(path, describe(value));
      default:
        break;
    }
    if (depth > MAX_DEPTH) return flag(path, `a value nested deeper than ${MAX_DEPTH} levels`);
    if (ancestors.has(value)) return flag(path, 'an object that contains itself (a cycle)');
    ancestors.add(value);
    try {
      // Paths are built only where a problem is found or a container is entered: most members
      // are well-formed strings, whose paths would be garbage the moment they were made.
      if (Array.isArray(value)) {
        const out = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = readMember(value, i);
          if (typeof item === 'string' && item.isWellFormed()) {
            out[i] = item;
            continue;
          }
          const itemPath = `${path}[${i}]`;
          if (item instanceof Threw) {
            out[i] = flag(itemPath, item.message);
          } else if (item === undefined) {
            out[i] = flag(itemPath, 'undefined (a list may not hold undefined or holes; remove the element)');
          } else {
            out[i] = walk(item, itemPath, depth + 1);
          }
        }
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        return flag(path, `${describe(value)} (only plain objects are sent)`);
      }
      const out = {};
      for (const key of Object.keys(value)) {
        if (!key.isWellFormed()) {
          flag(join(path, key), 'a member name with a lone UTF-16 surrogate (fix the name)');
          continue;
        }
        const member = readMember(value, key);
        // undefined for a member means absent, as in the AWS SDK for JavaScript.
        if (member === undefined) continue;
        if (typeof member === 'string' && member.isWellFormed()) {
          out[key] = member;
        } else if (member instanceof Threw) {
          out[key] = flag(join(path, key), member.message);
        } else {
          out[key] = walk(member, join(path, key), depth + 1);
        }
      }
      return out;
    } finally {
      ancestors.delete(value);
    }
  };

  const tree = walk(input, '', 0);
  return { tree, problems };
}

/** What reading a member whose getter threw gives: the problem to note at its path. */
class Threw {
  constructor(err) {
    this.message = `a getter that threw (${err && err.message})`;
  }
}

function readMember(container, key) {
  try {
    return container[key];
  } catch (err) {
    return new Threw(err);
  }
}

function isUnder(path, ancestor) {
  if (ancestor === '') return true;
  return path.startsWith(ancestor) && (path[ancestor.length] === '.' || path[ancestor.length] === '[');
}

/**
 * Merges the JS-level problems into the core's list: a problem the core also saw (as a wrong type
 * at the same path) keeps the core's place, code and expectation, naming what was really found; one
 * under a value the core refused as a whole is dropped, as the core does not descend there either.
 */
function mergeViolations(core, problems) {
  if (problems.size === 0) return core;
  const seen = new Set();
  const merged = core.map((v) => {
    const found = problems.get(v.path);
    if (found === undefined) return v;
    seen.add(v.path);
    // The core saw the stand-in boolean; say what the caller really passed.
    return { path: v.path, code: v.code, message: v.message.replace(/got a boolean$/, `got ${found}`) };
  });
  const refused = core.filter((v) => v.code === 'INVALID_VALUE').map((v) => v.path);
  for (const [path, message] of problems) {
    if (seen.has(path)) continue;
    if (refused.some((r) => r !== path && isUnder(path, r))) continue;
    merged.push({ path, code: 'INVALID_VALUE', message: `got ${message}` });
  }
  return merged;
}

module.exports = { toTree, mergeViolations };
