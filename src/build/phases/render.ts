import { availableParallelism } from 'node:os';
import { VFile } from 'vfile';
import { report } from '../../messages/diagnostics.js';
import type { OutputEntry } from '../cache.js';
import { inTurns } from '../in-turns.js';
import { plansOf, type IndexPlan, type Plan } from '../../render/output.js';
import type { RenderJob, TemplateFailure } from '../workers/tasks.js';
import { MARKER_TEXT, OUTPUT_MARKER, stageCopy, stageFile, WriteAborted, type Staged, type Staging } from '../../write.js';
import type { BuildState } from '../state.js';
import { DarkroomStopped } from '../../images/darkroom.js';

/**
 * Renders what changed (everything, when validating only) and stages it beside the output.
 * Outputs whose key and file are as the last build left them are kept as they are.
 */
export async function render(state: BuildState): Promise<void> {
  const todo = sortOut(state);
  if (state.nothingToDo) return;
  if (!(await state.templates.load())) return;
  const staging = await state.io.writer.begin();
  state.staging = staging;
  let done = 0;
  const tick = () => state.io.progress?.('render', ++done, todo.total);
  let failure: TemplateFailure | null = null;
  try {
    // Pages from templates go to the workers (in two queues: see RenderQueues); the main
    // thread meanwhile makes feeds and sitemaps, yielding now and then so the workers' results
    // are taken in.
    // Pictures are encoded alongside, a few at a time; feeds wait for them, as an enclosure
    // states the size of the file it names.
    const encoding = renderEncodes(state, staging, todo, tick);
    await Promise.all([renderPages(state, staging, todo, tick, (cause) => (failure ??= cause)), encoding.then(() => renderFiles(state, staging, todo, tick))]);
    if (state.io.aborted()) throw new WriteAborted();
  } catch (cause) {
    const { TemplateError } = await import('../../render/templates.js');
    if (!(cause instanceof TemplateError)) throw cause;
    state.templates.problem(cause);
  }
  if (failure) state.templates.problem(failure);
}

interface Todo {
  /** In the registry's order, with no index among them: those are made after rendering. */
  plans: Plan[];
  marker: boolean;
  total: number;
}

/** What must be rendered, and what is current: kept with its entry for the next build. */
function sortOut(state: BuildState): Todo {
  const { produced } = state;
  produced.add(OUTPUT_MARKER);
  const plans = state.plans.filter((each) => {
    if (each.kind === 'index') return false;
    for (const file of each.paths) produced.add(file);
    const current = each.paths.map((file) => isCurrent(state, file, each.key));
    if (current.every(Boolean)) {
      each.paths.forEach((file, i) => keep(state, file, current[i]!));
      return false;
    }
    return true;
  });
  const marker = !keepIfCurrent(state, OUTPUT_MARKER, 'marker');
  state.indexes = plansOf(state.plans, 'index').filter((each) => !keepIndex(state, each));
  const previous = sameOutput(state) ? Object.keys(state.previous!.outputs) : [];
  // Until an index is remade, its old files count as produced; the new index says which stay.
  const stale = previous.filter((file) => !produced.has(file) && !state.indexes.some((each) => file.startsWith(each.folder)));
  state.nothingToDo = plans.length === 0 && !marker && stale.length === 0 && state.indexes.length === 0;
  return { plans, marker, total: plans.length };
}

/**
 * An index is made whole or not at all; its files are known by the key they were written
 * under. None is made when the output goes nowhere (validating only).
 */
function keepIndex(state: BuildState, each: IndexPlan): boolean {
  if (state.io.writer.out === null) return true;
  const previous = sameOutput(state) ? Object.keys(state.previous!.outputs).filter((file) => file.startsWith(each.folder)) : [];
  if (previous.length === 0 || !previous.every((file) => isCurrent(state, file, each.key))) return false;
  for (const file of previous) {
    state.produced.add(file);
    keep(state, file, state.previous!.outputs[file]!);
  }
  return true;
}

function renderPages(state: BuildState, staging: Staging, todo: Todo, tick: () => void, onFailure: (failure: TemplateFailure) => void): Promise<void> {
  const { input, io } = state;
  const articles = plansOf(todo.plans, 'article');
  const pages = plansOf(todo.plans, 'page');
  const templated = articles.length + pages.length;
  const pool = templated > 0 && state.pool.threads === 0 ? io.pool(templated) : state.pool;
  const keyOf = new Map<string, string>();
  for (const each of [...articles, ...pages]) keyOf.set(each.paths[0]!, each.key);
  // Workers need the URLs only of the articles some body links to, not the whole site's.
  const linkedUrls = new Map<string, string>();
  for (const each of articles) {
    for (const [target, url] of each.body.links) if (url !== null) linkedUrls.set(target, url);
  }
  function* articleJobs(): Generator<RenderJob> {
    for (const each of articles) {
      const path = each.paths[0]!;
      const { article: meta, section, status, images, livePage } = each;
      yield { kind: 'article', path, meta, body: each.body.ref, related: each.related(), section, status, images, livePage, previousHash: previousHash(state, path) };
    }
  }
  function* pageJobs(): Generator<RenderJob> {
    for (const each of pages) {
      const path = each.paths[0]!;
      yield { kind: 'page', path, page: each.page(), previousHash: previousHash(state, path) };
    }
  }
  const pictures = [...(state.images?.pictures ?? [])];
  const setup = { config: input.config, shared: state.context!.shared, templates: input.theme.templates, packFile: state.pack.file, staging, urlOf: [...linkedUrls], pictures };
  const rendering = pool.render({ articles: articleJobs(), pages: pageJobs() }, setup, (outcome, job) => {
    if (state.io.aborted()) throw new WriteAborted();
    if ('failure' in outcome) onFailure(outcome.failure);
    else record(state, job.path, keyOf.get(job.path)!, outcome.staged);
    // An article page was rendered from a body the worker read and checked against its hash.
    if (job.kind === 'article') state.cacheChecks.verified++;
    tick();
  });
  return pool === state.pool ? rendering : rendering.finally(() => pool.close());
}

/**
 * The files of pictures, from the image cache or made in the darkroom: as many pictures at once
 * as there are cores, each on one libvips thread, so memory stays a few decoded photos deep.
 */
async function renderEncodes(state: BuildState, staging: Staging, todo: Todo, tick: () => void): Promise<void> {
  const plans = plansOf(todo.plans, 'encode');
  // Validating only: every picture was read whole when probed; nothing is made to be thrown away.
  if (plans.length === 0 || staging.discard) return;
  await inTurns(plans, Math.max(1, availableParallelism()), async (each) => {
    if (state.io.aborted()) throw new WriteAborted();
    let files: string[];
    try {
      files = await each.make();
    } catch (cause) {
      if (cause instanceof DarkroomStopped) throw state.io.aborted() ? new WriteAborted() : cause;
      // The picture was read whole once already; a decoder that fails now still names the file.
      const file = new VFile({ path: each.displayPath });
      report(file, `the picture could not be processed: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, { ruleId: 'image-unreadable', hint: 'export the picture again as JPEG or PNG from the original' });
      state.files.push(file);
      return;
    }
    each.paths.forEach((file, i) => record(state, file, each.key, stageCopy(staging, file, files[i]!)));
    tick();
  });
  // Its memory back before the search index is made.
  await state.darkroom?.close();
}

/** Feeds, sitemaps and copies, made in the main thread while the workers render pages. */
async function renderFiles(state: BuildState, staging: Staging, todo: Todo, tick: () => void): Promise<void> {
  let sinceYield = 0;
  for (const each of plansOf(todo.plans, 'files')) {
    if (state.io.aborted()) throw new WriteAborted();
    const outputs = await each.render();
    each.paths.forEach((file, i) => record(state, file, each.key, stageFile(staging, file, outputs[i]!, previousHash(state, file))));
    tick();
    if (++sinceYield >= 4) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  for (const copy of plansOf(todo.plans, 'copy')) {
    const path = copy.paths[0]!;
    record(state, path, copy.key, stageCopy(staging, path, copy.source));
    tick();
  }
  if (todo.marker) record(state, OUTPUT_MARKER, 'marker', stageFile(staging, OUTPUT_MARKER, MARKER_TEXT));
}

export function sameOutput(state: BuildState): boolean {
  return state.previous !== null && state.previous.out !== null && state.previous.out === state.manifest.out;
}

function isCurrent(state: BuildState, file: string, outputKey: string): OutputEntry | null {
  if (!state.io.writer.out || !sameOutput(state)) return null;
  const entry = state.previous!.outputs[file];
  if (!entry || entry.key !== outputKey) return null;
  const info = state.io.writer.stat(file);
  return info && info.size === entry.size && info.mtimeMs === entry.mtimeMs ? entry : null;
}

function keep(state: BuildState, file: string, entry: OutputEntry): void {
  state.manifest.outputs[file] = entry;
  state.unchanged++;
}

function keepIfCurrent(state: BuildState, file: string, outputKey: string): boolean {
  const current = isCurrent(state, file, outputKey);
  if (current) keep(state, file, current);
  return current !== null;
}

/** The output's hash as last written, when the file on disk is still that one. */
export function previousHash(state: BuildState, file: string): string | null {
  const entry = sameOutput(state) ? state.previous!.outputs[file] : undefined;
  if (!entry) return null;
  const info = state.io.writer.stat(file);
  return info && info.size === entry.size && info.mtimeMs === entry.mtimeMs ? entry.hash : null;
}

/** The output's entry for the next build; a written file's mtime is known once it is in place. */
export function record(state: BuildState, file: string, outputKey: string, staged: Staged): void {
  const entry: OutputEntry = { key: outputKey, hash: staged.hash, size: staged.size, mtimeMs: 0 };
  state.manifest.outputs[file] = entry;
  if (staged.written) state.staged.push(file);
  else {
    state.unchanged++;
    if (state.manifest.out) entry.mtimeMs = state.io.writer.stat(file)?.mtimeMs ?? 0;
  }
}
