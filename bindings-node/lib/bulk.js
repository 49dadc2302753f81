'use strict';
// `client.bulk(Command, rows, options)`: the core's bulk engine (docs/bulk.md) for Node. It
// returns a BulkRun: an async iterable of row results in the order rows finish, `done()` (a
// Promise of one result per input row, in input order, and the summary), and `cancel()`.
//
// Rows reach the core as a file, read on each of its two passes: a `.jsonl`/`.csv` path as given,
// anything else (an array, an iterable, an async iterable) spooled once into a temporary JSON Lines
// file (mode 0600, removed when the run ends), so that neither side holds the rows.
//
// Results are pulled from the native run in batches, one pull at a time, for as long as the run
// goes, whether or not anything iterates: the core's results channel is bounded, and a run that
// nobody drains would stop. They are kept for the iterator (up to HIGH_WATER before one exists;
// while one exists, pulling waits when HIGH_WATER are unread), and dropped otherwise: `done()`
// reads every row's result back from the journal.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const convert = require('./convert');
const errors = require('./errors');

const HIGH_WATER = 1024;

/** Some rows are invalid and `sendValid` is off: nothing was sent. `rows` lists each with its violations. */
class BulkInvalidRowsError extends errors.ValidationError {
  constructor(rows, total) {
    const flat = [];
    for (const r of rows) {
      // An unreadable row (a bad JSON line, a CSV cell of the wrong type) has no violations of its own.
      if (r.violations.length === 0) flat.push({ path: '', code: 'INVALID_VALUE', message: `${r.code}: ${r.message}`, row: r.row });
      for (const v of r.violations) flat.push({ ...v, row: r.row });
    }
    super(flat);
    const lines = [];
    for (const r of rows) {
      if (r.violations.length === 0) lines.push(`  row ${r.row + 1}: ${r.code}: ${r.message}`);
      else {
        lines.push(`  row ${r.row + 1}:`);
        for (const v of r.violations) lines.push(`    ${v.path || '(row)'}: ${v.code}: ${v.message}`);
      }
    }
    const valid = total - rows.length;
    this.message =
      `${rows.length} of ${total} rows are invalid; nothing was sent. Fix them, or pass sendValid: true ` +
      `to send the ${valid} valid row${valid === 1 ? '' : 's'} anyway (row numbers count from 1):\n${lines.join('\n')}`;
    /** `[{ row (0-based, as in results), code, message, violations: [{ path, code, message }] }]` */
    this.rows = rows;
    this.total = total;
  }
}

/**
 * The run could not start or go on: the journal belongs to another operation or input
 * (`code` 'JournalMismatch'), another run holds it ('JournalInUse'), the rows cannot be read
 * ('Source'), the input changed between the passes ('InputChanged'), or the journal failed ('Journal').
 */
class BulkError extends errors.PartnerCentralSellingClientError {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

function fromNative(info) {
  if (info.kind === 'bulkInvalidRows') {
    const body = JSON.parse(info.body);
    return new BulkInvalidRowsError(body.rows, body.total);
  }
  if (info.kind === 'bulk') return new BulkError(info.message, info.code);
  return errors.fromNative(info);
}

function positive(value, name, { integer = false, zero = false } = {}) {
  if (value === undefined || value === null) return undefined;
  const ok = typeof value === 'number' && Number.isFinite(value) && (zero ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
  if (!ok) {
    throw new TypeError(`bulk option ${name} must be a ${integer ? 'whole' : ''}${integer ? ' ' : ''}number ${zero ? 'of at least 0' : 'above 0'}, got ${util.inspect(value)}`);
  }
  return value;
}

const OPTION_NAMES = new Set(['journal', 'signal', 'onProgress', 'rate', 'dailyLimit', 'concurrency', 'sendValid', 'rowAttempts', 'drainTimeout']);

/** Checks the options object; returns the native options. */
function nativeOptions(options) {
  if (options === null || typeof options !== 'object') throw new TypeError('bulk options must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.has(key)) {
      throw new TypeError(`unknown bulk option ${util.inspect(key)}; the options are ${[...OPTION_NAMES].join(', ')}`);
    }
  }
  const { journal, signal, onProgress, sendValid } = options;
  if (journal !== undefined && journal !== null && (typeof journal !== 'string' || journal === '')) {
    throw new TypeError(`bulk option journal must be the path of the journal file (SQLite), got ${util.inspect(journal)}`);
  }
  if (signal !== undefined && signal !== null && !(typeof signal === 'object' && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) {
    throw new TypeError('bulk option signal must be an AbortSignal (new AbortController().signal)');
  }
  if (onProgress !== undefined && onProgress !== null && typeof onProgress !== 'function') {
    throw new TypeError('bulk option onProgress must be a function (progress) => void');
  }
  if (sendValid !== undefined && typeof sendValid !== 'boolean') {
    throw new TypeError(`bulk option sendValid must be a boolean, got ${util.inspect(sendValid)}`);
  }
  return {
    journal: journal ?? undefined,
    rate: positive(options.rate, 'rate'),
    dailyLimit: positive(options.dailyLimit, 'dailyLimit', { integer: true }),
    concurrency: positive(options.concurrency, 'concurrency', { integer: true }),
    sendValid: sendValid ?? false,
    rowAttempts: positive(options.rowAttempts, 'rowAttempts', { integer: true }),
    drainTimeout: options.drainTimeout === undefined ? undefined : positive(options.drainTimeout, 'drainTimeout (milliseconds)', { zero: true }) / 1000,
  };
}

function isIterable(rows) {
  return rows !== null && typeof rows === 'object' && (typeof rows[Symbol.iterator] === 'function' || typeof rows[Symbol.asyncIterator] === 'function');
}

/**
 * Writes every row of `rows` (an iterable or async iterable) as one JSON line of a new temporary
 * file, converted as a command's input is (Dates, values JSON cannot carry marked for the core's
 * validation); resolves to its path. Stops (and removes the file) when `signal` aborts.
 */
async function spool(rows, signal) {
  const file = path.join(os.tmpdir(), `pcs-bulk-rows-${process.pid}-${require('node:crypto').randomUUID()}.jsonl`);
  const handle = await fs.promises.open(file, 'wx', 0o600);
  let chunk = [];
  let size = 0;
  try {
    for await (const row of rows) {
      if (signal && signal.aborted) break;
      const line = convert.toJson(row);
      chunk.push(line, '\n');
      size += line.length + 1;
      if (size >= 64 * 1024) {
        await handle.write(chunk.join(''));
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length) await handle.write(chunk.join(''));
  } catch (err) {
    await handle.close();
    await fs.promises.rm(file, { force: true });
    throw err;
  }
  await handle.close();
  if (signal && signal.aborted) {
    await fs.promises.rm(file, { force: true });
    return null;
  }
  return file;
}

function progressObject(p) {
  const until = p.dailyLimitUntil;
  return { ...p, dailyLimitUntil: until === undefined || until === null ? undefined : new Date(until) };
}

function abortError(signal, summary) {
  const err = new errors.AbortError('The bulk run was aborted; the journal holds every finished row: run it again with the same rows and journal to resume', { $metadata: undefined });
  if (signal) err.cause = signal.reason;
  if (summary) err.summary = summary;
  return err;
}

/** One bulk run: `for await (const r of run)`, `await run.done()`, `run.cancel()`. */
class BulkRun {
  #call; // (start: (callId, inbox) => void) => Promise<completion>: a call through the client's inbox
  #native = null;
  #signal;
  #onAbort = null;
  #onProgress;
  #spooled = null;
  #queue = [];
  #iterating = false; // an iterator exists and has not returned
  #iterated = false; // an iterator was made
  #dropping = false; // nothing will read results: drop them
  #waiters = []; // iterator calls waiting for results
  #resume = null; // the pump waiting for the iterator to read
  #ended = false;
  #summary = null;
  #failure = null;
  #cancelled = false;
  #settled; // Promise<void>: the run has ended or failed
  #done = null;

  constructor(call, start, rows, options) {
    this.#call = call;
    this.#signal = options.signal ?? undefined;
    this.#onProgress = options.onProgress ?? undefined;
    this.#settled = this.#run(start, rows);
  }

  async #run(start, rows) {
    try {
      if (this.#signal && this.#signal.aborted) throw abortError(this.#signal);
      if (this.#signal) {
        this.#onAbort = () => this.cancel();
        this.#signal.addEventListener('abort', this.#onAbort, { once: true });
      }
      let source;
      if (typeof rows === 'string') {
        source = { path: rows, spooled: false };
      } else {
        this.#spooled = await spool(rows, this.#signal);
        if (this.#spooled === null) throw abortError(this.#signal);
        source = { path: this.#spooled, spooled: true };
      }
      const wake = this.#onProgress ? () => this.#deliverProgress() : undefined;
      this.#native = start(source, wake);
      if (this.#cancelled) this.#native.cancel();
      await this.#pump();
    } catch (err) {
      this.#failure ??= err;
    } finally {
      this.#ended = true;
      if (this.#signal && this.#onAbort) this.#signal.removeEventListener('abort', this.#onAbort);
      if (this.#spooled !== null) {
        try {
          fs.rmSync(this.#spooled, { force: true });
        } catch {
          // Left in the temporary folder: nothing else to do about it here.
        }
      }
      this.#wake();
    }
  }

  async #pump() {
    for (;;) {
      while (this.#iterating && this.#queue.length >= HIGH_WATER) {
        await new Promise((resolve) => { this.#resume = resolve; });
      }
      const completion = await this.#call((callId, inbox) => this.#native.next(callId, inbox));
      if (completion.panic !== undefined && completion.panic !== null) {
        throw new errors.InternalError(`native call failed: ${completion.panic}`);
      }
      if (completion.error) throw fromNative(completion.error);
      const batch = convert.fromJson(completion.output.json, completion.output.hasDates);
      if (!this.#dropping) {
        for (const r of batch.results) this.#queue.push(rowResult(r));
        if (!this.#iterated && this.#queue.length > HIGH_WATER) {
          // Nothing iterates: keep none (done() reads them back from the journal).
          this.#dropping = true;
          this.#queue = [];
        }
      }
      this.#wake();
      if (batch.summary !== undefined) {
        this.#deliverProgress();
        this.#summary = batch.summary;
        if (this.#summary.cancelled && this.#signal && this.#signal.aborted) {
          throw abortError(this.#signal, this.#summary);
        }
        return;
      }
    }
  }

  #deliverProgress() {
    if (!this.#native || !this.#onProgress) return;
    const p = this.#native.takeProgress();
    if (p === null || p === undefined) return;
    try {
      this.#onProgress(progressObject(p));
    } catch (err) {
      // A throwing callback stops the run; the run rejects with its error.
      if (this.#failure === null) this.#failure = err;
      this.cancel();
    }
  }

  #wake() {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  /** Stops taking new rows; the rows in flight are awaited (bounded); the run then ends with `summary.cancelled`. */
  cancel() {
    if (this.#cancelled) return;
    this.#cancelled = true;
    if (this.#native) this.#native.cancel();
  }

  /** Row results in the order rows finish; throws what stopped the run (BulkInvalidRowsError, AbortError ...). */
  [Symbol.asyncIterator]() {
    if (this.#iterated) throw new TypeError('a BulkRun can be iterated once');
    if (this.#dropping) {
      throw new TypeError(
        'this BulkRun already dropped results because nothing iterated it: start `for await` right after client.bulk(), ' +
        'or read every row\'s result from `await run.done()`');
    }
    this.#iterated = true;
    this.#iterating = true;
    const stop = () => {
      this.#iterating = false;
      this.#dropping = true;
      this.#queue = [];
      const resume = this.#resume;
      this.#resume = null;
      if (resume) resume();
    };
    return {
      next: async () => {
        for (;;) {
          if (this.#queue.length) {
            const value = this.#queue.shift();
            if (this.#resume && this.#queue.length < HIGH_WATER / 2) {
              const resume = this.#resume;
              this.#resume = null;
              resume();
            }
            return { value, done: false };
          }
          if (this.#ended) {
            stop();
            if (this.#failure) throw this.#failure;
            return { value: undefined, done: true };
          }
          await new Promise((resolve) => { this.#waiters.push(resolve); });
        }
      },
      return: async () => {
        // Leaving the loop early (break, throw) cancels the run; it drains in the background.
        if (!this.#ended) this.cancel();
        stop();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /**
   * Resolves, once the run has ended, to `{ results, summary }`: one result per input row in
   * input order (read back from the journal; rows a cancelled run did not finish are `pending`),
   * and the run's counts. Rejects with what stopped the run: BulkInvalidRowsError, BulkError,
   * AbortError (the signal aborted; `cause` is its reason), or the client's error.
   */
  done() {
    if (this.#done === null) {
      this.#done = this.#settled.then(async () => {
        if (this.#failure) throw this.#failure;
        if (this.#native === null) {
          return { results: [], summary: null };
        }
        const completion = await this.#call((callId, inbox) => this.#native.results(callId, inbox));
        if (completion.panic !== undefined && completion.panic !== null) {
          throw new errors.InternalError(`native call failed: ${completion.panic}`);
        }
        if (completion.error) throw fromNative(completion.error);
        const rows = convert.fromJson(completion.output.json, completion.output.hasDates);
        return { results: rows.map(rowResult), summary: this.#summary };
      });
    }
    return this.#done;
  }

  [util.inspect.custom](depth, options, inspect) {
    const state = this.#failure ? 'failed' : this.#ended ? 'ended' : this.#cancelled ? 'cancelling' : 'running';
    return `BulkRun ${inspect({ state, summary: this.#summary ?? undefined }, options)}`;
  }
}

function rowResult(r) {
  const out = { row: r.row, status: r.status };
  if (r.output !== undefined) out.output = r.output;
  if (r.error !== undefined) {
    out.error = { code: r.error.code, message: r.error.message, violations: r.error.violations ?? [] };
  }
  if (r.clientToken !== undefined) out.clientToken = r.clientToken;
  out.fromJournal = r.fromJournal === true;
  return out;
}

/**
 * Starts a run: `startNative(source, nativeOptions, wake)` makes the native run (the client's
 * `NativeClient.bulk` for one operation); its results come back through `call` (the client's inbox).
 */
function bulk(call, startNative, rows, options = {}) {
  const native = nativeOptions(options ?? {});
  if (!(typeof rows === 'string' || isIterable(rows))) {
    throw new TypeError(
      `bulk rows must be an array of inputs, an iterable or async iterable of them, or the path of a .jsonl/.csv file; got ${util.inspect(rows, { depth: 0 })}`);
  }
  if (typeof rows === 'string' && rows === '') throw new TypeError('bulk rows: the path is empty');
  return new BulkRun(call, (source, wake) => startNative(source, native, wake), rows, options ?? {});
}

module.exports = { bulk, BulkRun, BulkInvalidRowsError, BulkError };
