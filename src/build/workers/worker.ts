import { parentPort } from 'node:worker_threads';
import type { Request, Response } from './pool.js';
import { parseSource, parseState, renderJob, renderState, type ParseSetupState, type RenderState } from './tasks.js';

// A worker thread: parses article files and renders article pages for the main thread. It keeps
// its frozen unified processor and parsed templates between batches.

let parsing: ParseSetupState | null = null;
let rendering: RenderState | null = null;

// Requests are handled one after another, in order: the pool sends the next batch before this one
// is answered, and a parse awaits its reads.
let queue = Promise.resolve();
parentPort!.on('message', (request: Request) => {
  queue = queue.then(() => handle(request));
});

async function handle(request: Request): Promise<void> {
  let response: Response;
  try {
    if (request.kind === 'parse') {
      if (request.setup) parsing = parseState(request.setup);
      const outcomes = [];
      for (const ref of request.refs) outcomes.push(await parseSource(ref, parsing!));
      response = { kind: 'parse', outcomes };
    } else {
      if (request.setup) rendering = renderState(request.setup);
      response = { kind: 'render', outcomes: request.jobs.map((job) => renderJob(job, rendering!)) };
    }
  } catch (cause) {
    const error = cause as Error;
    response = { kind: 'error', name: error?.name ?? 'Error', message: error?.message ?? String(cause), stack: error?.stack ?? '' };
  }
  parentPort!.postMessage(response);
}
