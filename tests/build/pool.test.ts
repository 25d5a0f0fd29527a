import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RenderJob, RenderSetup } from '../../src/build/workers/tasks.js';
import { config } from '../helpers.js';

// The worker pool as the compiled CLI runs it (worker threads need the .js build). A failure while
// feeding the workers must reach the build as a rejected promise, to be reported with exit 70 and
// a message: thrown in a worker's message event, it would kill the process with no word.

const { workerPool } = (await import(new URL('../../lib/build/workers/pool.js', import.meta.url).href)) as typeof import('../../src/build/workers/pool.js');

const SETUP: RenderSetup = {
  config: config(),
  shared: {} as RenderSetup['shared'],
  templates: { 'note.liquid': '<p>{{ page.text }}</p>' },
  packFile: fileURLToPath(import.meta.url),
  staging: { out: '', dir: '', fresh: true, discard: true },
  urlOf: [],
  pictures: [],
};

/**
 * Two batches' worth of pages that render (a worker is given two before it answers), so the
 * failure comes after a worker has answered once.
 */
function jobsThen(last: () => RenderJob): Iterator<RenderJob> {
  let given = 0;
  return {
    next() {
      given++;
      if (given <= 64) return { done: false, value: { kind: 'page', path: `${given}.html`, page: { template: 'note', data: { page: { text: given } } }, previousHash: null } as unknown as RenderJob };
      return { done: false, value: last() };
    },
  };
}

/** `n` pages of the note template, named `prefix-1.html` and on. */
function notes(prefix: string, n: number): Iterator<RenderJob> {
  return Array.from({ length: n }, (_, i) => ({ kind: 'page', path: `${prefix}-${i + 1}.html`, page: { template: 'note', data: { page: { text: i } } }, previousHash: null }) as unknown as RenderJob).values();
}

describe('the worker pool', () => {
  it.each([1, 2, 3])('should render every job of both queues once, with %i workers', async (size) => {
    const pool = workerPool(size);
    const rendered: string[] = [];
    try {
      await pool.render({ articles: notes('article', 100), pages: notes('list', 70) }, SETUP, (outcome, job) => {
        // Each outcome reaches the build with its own job: a worker holds two batches at a time.
        expect(outcome).toMatchObject({ staged: { path: job.path } });
        rendered.push(job.path);
      });
    } finally {
      await pool.close();
    }
    expect(rendered).toHaveLength(170);
    expect(new Set(rendered).size).toBe(170);
  });

  it('should reject, not crash, when the next batch cannot be made', async () => {
    const pool = workerPool(1);
    const jobs = jobsThen(() => {
      throw new Error('the plan ran out from under the pool');
    });
    let rendered = 0;
    try {
      await expect(pool.render({ articles: jobs, pages: [].values() }, SETUP, () => rendered++)).rejects.toThrow('the plan ran out from under the pool');
      expect(rendered).toBe(32);
    } finally {
      await pool.close();
    }
  });

  it('should reject, not crash, when a batch cannot be sent to a worker', async () => {
    const pool = workerPool(1);
    // A function cannot be cloned into a worker: postMessage throws.
    const jobs = jobsThen(() => ({ kind: 'page', path: 'x.html', page: { template: 'note', data: { unclonable: () => 1 } }, previousHash: null }) as unknown as RenderJob);
    try {
      await expect(pool.render({ articles: jobs, pages: [].values() }, SETUP, () => {})).rejects.toThrow(/could not be cloned/);
    } finally {
      await pool.close();
    }
  });
});
