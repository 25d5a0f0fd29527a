import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SourceRef } from '../../project/scan.js';
import type { ParseOutcome, ParseSetup, RenderJob, RenderOutcome, RenderSetup } from './tasks.js';

// Spreads parsing and article-page rendering over worker threads, one per core, in batches, so
// only a few batches of bodies are ever in memory. Small builds (and tests running the .ts
// sources) do the same work in the main thread, where starting workers would cost more than
// it saves.

export interface Pool {
  /** Parses `refs`; `onOutcome` sees each result as it arrives, in no particular order. */
  parse(refs: SourceRef[], setup: ParseSetup, onOutcome: (outcome: ParseOutcome) => void): Promise<void>;
  /** Renders the jobs `jobs` yields, in batches; `onOutcome` sees each result. */
  render(jobs: Iterator<RenderJob>, setup: RenderSetup, onOutcome: (outcome: RenderOutcome, job: RenderJob) => void): Promise<void>;
  close(): Promise<void>;
  readonly threads: number;
}

const BATCH = 32;

export type Request =
  | { kind: 'parse'; setup: ParseSetup | null; refs: SourceRef[] }
  | { kind: 'render'; setup: RenderSetup | null; jobs: RenderJob[] };

export type Response = { kind: 'parse'; outcomes: ParseOutcome[] } | { kind: 'render'; outcomes: RenderOutcome[] } | { kind: 'error'; message: string; stack: string };

/** How many threads to use: one per core, unless `override` (BROADSHEET_WORKERS) says otherwise; 0: none. */
export function workerCount(override: string | undefined): number {
  if (override !== undefined && /^\d+$/.test(override)) return Number(override);
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

/** The main thread doing the work itself. */
export function inlinePool(): Pool {
  return {
    threads: 0,
    async parse(refs, setup, onOutcome) {
      if (refs.length === 0) return;
      const { parseSource, parseState } = await import('./tasks.js');
      const state = parseState(setup);
      for (const ref of refs) onOutcome(parseSource(ref, state));
    },
    async render(jobs, setup, onOutcome) {
      const { renderJob, renderState } = await import('./tasks.js');
      const state = renderState(setup);
      for (let next = jobs.next(); !next.done; next = jobs.next()) onOutcome(renderJob(next.value, state), next.value);
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
// far past what it holds. A cap on each worker's heap keeps the whole build under 512 MiB at
// 10,000 articles and near 1 GiB at 100,000, for a few per cent more time collecting garbage.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 128 };

export function workerPool(size: number): Pool {
  const workers = Array.from({ length: size }, () => new Worker(WORKER_FILE, { resourceLimits: WORKER_LIMITS }));
  for (const worker of workers) worker.unref();

  function run<T extends Request['kind']>(
    kind: T,
    setup: T extends 'parse' ? ParseSetup : RenderSetup,
    nextBatch: () => unknown[] | null,
    onOutcomes: (outcomes: unknown[], batch: unknown[]) => void,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      let active = 0;
      let failed = false;
      const sentSetup = new Set<Worker>();
      const feed = (worker: Worker) => {
        const batch = failed ? null : nextBatch();
        if (!batch || batch.length === 0) {
          worker.removeAllListeners('message');
          worker.removeAllListeners('error');
          worker.unref();
          if (--active === 0 && !failed) resolve();
          return;
        }
        const first = !sentSetup.has(worker);
        sentSetup.add(worker);
        worker.once('message', (response: Response) => {
          if (response.kind === 'error') {
            failed = true;
            const error = new Error(response.message);
            error.stack = response.stack;
            reject(error);
            return;
          }
          onOutcomes(response.outcomes, batch);
          feed(worker);
        });
        const request = kind === 'parse'
          ? { kind, setup: first ? setup : null, refs: batch }
          : { kind, setup: first ? setup : null, jobs: batch };
        worker.postMessage(request);
      };
      for (const worker of workers) {
        active++;
        worker.ref();
        worker.once('error', (error) => {
          failed = true;
          reject(error);
        });
        feed(worker);
      }
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
    render(jobs, setup, onOutcome) {
      return run('render', setup, () => {
        const batch: RenderJob[] = [];
        while (batch.length < BATCH) {
          const next = jobs.next();
          if (next.done) break;
          batch.push(next.value);
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
