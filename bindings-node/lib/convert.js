'use strict';
// Turns a JS request object into the JSON text the core reads, and the core's output text back
// into plain objects with `Date`s.
//
// A value JSON cannot carry faithfully (a function, a Symbol, a BigInt beyond 2^53, NaN, an
// instance of a class, undefined in a list, a lone surrogate, a cycle) is never coerced or
// dropped: it becomes the core's marked value (`validate::unconvertible`) at its place, and the
// core's validation reports it at its path with every other violation. A `Date` becomes epoch
// seconds, which the core accepts wherever the model has a timestamp.

const native = require('./native');

const MAX_DEPTH = 100;

let markKey = null;
let dateKey = null;

function mark(description) {
  if (markKey === null) markKey = native.unconvertibleKey();
  return { [markKey]: description };
}

function describe(value) {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  const t = typeof value;
  if (t === 'number') return `the number ${value}`;
  if (t === 'bigint') return `a BigInt (${value}n) beyond Number.MAX_SAFE_INTEGER`;
  if (t === 'symbol') return 'a Symbol';
  if (t === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  const proto = Object.getPrototypeOf(value);
  const name = proto && proto.constructor && proto.constructor.name;
  return name ? `an instance of ${name} (only plain objects, arrays and Dates are sent)` : 'an object';
}

/** A getter that threw while the request was read. */
class Threw {
  constructor(err) {
    this.description = `a getter that threw (${err && err.message})`;
  }
}

function readMember(container, key) {
  try {
    return container[key];
  } catch (err) {
    return new Threw(err);
  }
}

/** The JSON tree of `input`, with marked values where JSON cannot carry what was given. */
function toTree(input) {
  const ancestors = new Set();

  const walk = (value, depth) => {
    if (value === null) return null;
    switch (typeof value) {
      case 'string':
        return value.isWellFormed() ? value : mark('a string with a lone UTF-16 surrogate (not encodable as UTF-8; fix the string)');
      case 'number':
        return Number.isFinite(value) ? value : mark(`${value} (not representable in JSON)`);
      case 'boolean':
        return value;
      case 'bigint':
        return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(value)
          : mark(describe(value));
      case 'symbol':
      case 'function':
      case 'undefined':
        return mark(describe(value));
      default:
        break;
    }
    if (value instanceof Threw) return mark(value.description);
    if (value instanceof Date) {
      const ms = value.getTime();
      return Number.isFinite(ms) ? ms / 1000 : mark('an invalid Date');
    }
    if (depth > MAX_DEPTH) return mark(`a value nested deeper than ${MAX_DEPTH} levels`);
    if (ancestors.has(value)) return mark('an object that contains itself (a cycle)');
    ancestors.add(value);
    try {
      if (Array.isArray(value)) {
        const out = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = readMember(value, i);
          out[i] = item === undefined
            ? mark('undefined (a list may not hold undefined or holes; remove the element)')
            : walk(item, depth + 1);
        }
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return mark(describe(value));
      const out = {};
      for (const key of Object.keys(value)) {
        const member = readMember(value, key);
        // undefined for a member means absent, as in the AWS SDK for JavaScript.
        if (member === undefined) continue;
        if (!key.isWellFormed()) {
          out[key.toWellFormed()] = mark('a member name with a lone UTF-16 surrogate (fix the name)');
          continue;
        }
        out[key] = typeof member === 'string' && member.isWellFormed() ? member : walk(member, depth + 1);
      }
      return out;
    } finally {
      ancestors.delete(value);
    }
  };

  return walk(input === undefined ? {} : input, 0);
}

/** The JSON text the core reads for `input`. */
function toJson(input) {
  return JSON.stringify(toTree(input));
}

function revive(key, value) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const ms = value[dateKey];
    if (ms !== undefined) return new Date(ms);
  }
  return value;
}

/** An output's members from the core's JSON text; marked timestamps become `Date`s. */
function fromJson(json, hasDates) {
  if (!hasDates) return JSON.parse(json);
  if (dateKey === null) dateKey = native.dateKey();
  return JSON.parse(json, revive);
}

module.exports = { toTree, toJson, fromJson };
