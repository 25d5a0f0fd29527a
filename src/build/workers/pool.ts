import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SourceRef } from '../../project/scan.js';
import { CacheDamaged } from '../cache.js';
import type { ParseOutcome, ParseSetup, RenderJob, RenderOutcome, RenderSetup } from './tasks.js';

// Spreads parsing and article-page rendering over worker threads, one per core, in batches, so
// only a few batches of bodies are ever in memory. Small builds (and tests running the .ts
// sources) do the same work in the main thread, where starting workers would cost more than
// it saves.

export interface Pool {
  /** Parses `refs`; `onOutcome` sees each result as it arrives, in no particular order. */
  parse(refs: SourceRef[], setup: ParseSetup, onOutcome: (outcome: ParseOutcome) => void): Promise<void>;
  /** Renders the jobs the queues yield, in batches; `onOutcome` sees each result. */
  render(queues: RenderQueues, setup: RenderSetup, onOutcome: (outcome: RenderOutcome, job: RenderJob) => void): Promise<void>;
  close(): Promise<void>;
  readonly threads: number;
}

const BATCH = 32;
// Batches given to a worker before it answers: while it works on one, the main thread makes the
// next (the page data of a list is made there), and the worker never waits for it. With one at a
// time, a 10,000-story build's workers stood idle for 5–18 % of the render phase.
const IN_FLIGHT = 2;

/**
 * Article pages, and every other page from a template (lists, mostly). A worker keeps the
 * teasers it rendered, and a story is in many lists (its section, tags, authors, archives): one
 * worker takes the other pages while the rest take articles, so each teaser is rendered once
 * rather than once in every worker. A worker whose queue runs out takes from the other.
 */
export interface RenderQueues {
  articles: Iterator<RenderJob>;
  pages: Iterator<RenderJob>;
}

export type Request =
  | { kind: 'parse'; setup: ParseSetup | null; refs: SourceRef[] }
  | { kind: 'render'; setup: RenderSetup | null; jobs: RenderJob[] };

export type Response = { kind: 'parse'; outcomes: ParseOutcome[] } | { kind: 'render'; outcomes: RenderOutcome[] } | { kind: 'error'; name: string; message: string; stack: string };

/** How many threads to use: one per core, unless `override` (BROADSHEET_WORKERS) says otherwise; 0: none. */
export function workerCount(override: string | undefined): number {
  if (override !== undefined && /^\d+$/.test(override)) return Number(override);
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

// The main thread doing the work now and then lets a signal in, so Ctrl-C stops a build that
// renders every page of a site inline (a template edit, with few articles to parse).
const YIELD_EVERY = 16;
const breather = () => new Promise((resolve) => setImmediate(resolve));

/** The main thread doing the work itself. */
export function inlinePool(): Pool {
  return {
    threads: 0,
    async parse(refs, setup, onOutcome) {
      if (refs.length === 0) return;
      const { parseSource, parseState } = await import('./tasks.js');
      const state = parseState(setup);
      for (const [i, ref] of refs.entries()) {
        onOutcome(await parseSource(ref, state));
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await breather();
      }
    },
    async render(queues, setup, onOutcome) {
      const { renderJob, renderState } = await import('./tasks.js');
      const state = renderState(setup);
      let done = 0;
      for (const jobs of [queues.articles, queues.pages]) {
        for (let next = jobs.next(); !next.done; next = jobs.next()) {
          onOutcome(renderJob(next.value, state), next.value);
          if (++done % YIELD_EVERY === 0) await breather();
        }
      }
    },
    async close() {},
  };
}

const WORKER_FILE = new URL('./worker.js', import.meta.url);

/** Workers need compiled JavaScript; the .ts sources under test run inline. */
export function canUseWorkers(): boolean {
  return import.meta.url.endsWith('.js');
}

// Each worker keeps its parsers, templates and rendered teasers; left alone, V8 lets a heap grow
// far past what it holds, so each worker's heap is capped. Parsing and rendering make millions of
// short-lived objects: with a 32 MiB young generation and a 128 MiB old one, a 10,000-article
// build spent 13 % of its time collecting garbage and took 33–41 s in single runs one afternoon,
// against 26–31 s with these limits, in about 700 MiB. They still bound a worker however large
// the site.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 128, maxOldGenerationSizeMb: 512 };

/** A worker's error as the main thread sees it: a damaged cache stays one, to be repaired. */
function workerError(response: Extract<Response, { kind: 'error' }>): Error {
  const error = response.name === 'CacheDamaged' ? new CacheDamaged(response.message) : new Error(response.message);
  error.stack = response.stack;
  return error;
}

export function workerPool(size: number): Pool {
  const workers = Array.from({ length: size }, () => new Worker(WORKER_FILE, { resourceLimits: WORKER_LIMITS }));
  for (const worker of workers) worker.unref();

  function run<T extends Request['kind']>(
    kind: T,
    setup: T extends 'parse' ? ParseSetup : RenderSetup,
    /** `lane`: which worker asks, from 0. */
    nextBatch: (lane: number) => unknown[] | null,
    onOutcomes: (outcomes: unknown[], batch: unknown[]) => void,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      let active = 0;
      let failed = false;
      const fail = (error: unknown) => {
        failed = true;
        reject(error);
      };
      const stop = (worker: Worker) => {
        worker.removeAllListeners('message');
        worker.removeAllListeners('error');
        worker.unref();
        if (--active === 0 && !failed) resolve();
      };
      workers.forEach((worker, lane) => {
        // The batches sent and not yet answered, oldest first: a worker answers in order.
        const sent: unknown[][] = [];
        let setupSent = false;
        const send = (): boolean => {
          const batch = nextBatch(lane);
          if (!batch || batch.length === 0) return false;
          const given = setupSent ? null : setup;
          worker.postMessage(kind === 'parse' ? { kind, setup: given, refs: batch } : { kind, setup: given, jobs: batch });
          setupSent = true;
          sent.push(batch);
          return true;
        };
        // Runs in the worker's message events too: anything it throws would be uncaught and kill
        // the process without a word, so it fails the build instead.
        const topUp = () => {
          try {
            while (!failed && sent.length < IN_FLIGHT && send());
          } catch (cause) {
            fail(cause);
          }
          if (failed || sent.length === 0) stop(worker);
        };
        active++;
        worker.ref();
        worker.once('error', fail);
        worker.on('message', (response: Response) => {
          if (response.kind === 'error') {
            fail(workerError(response));
            return stop(worker);
          }
          try {
            onOutcomes(response.outcomes, sent.shift()!);
          } catch (cause) {
            fail(cause);
          }
          topUp();
        });
        topUp();
      });
    });
  }

  return {
    threads: size,
    parse(refs, setup, onOutcome) {
      let index = 0;
      return run('parse', setup, () => {
        const batch = refs.slice(index, index + BATCH);
        index += BATCH;
        return batch;
      }, (outcomes) => {
        for (const outcome of outcomes as ParseOutcome[]) onOutcome(outcome);
      });
    },
    render(queues, setup, onOutcome) {
      return run('render', setup, (lane) => {
        const batch: RenderJob[] = [];
        for (const jobs of lane === 0 ? [queues.pages, queues.articles] : [queues.articles, queues.pages]) {
          while (batch.length < BATCH) {
            const next = jobs.next();
            if (next.done) break;
            batch.push(next.value);
          }
        }
        return batch;
      }, (outcomes, batch) => {
        (outcomes as RenderOutcome[]).forEach((outcome, i) => onOutcome(outcome, batch[i] as RenderJob));
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
