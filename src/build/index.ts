import path from 'node:path';
import { VFile } from 'vfile';
import { BodyPack, emptyManifest } from './cache.js';
import { WriteAborted } from '../write.js';
import { report } from '../messages/diagnostics.js';
import type { Theme } from '../project/scan.js';
import { plansOf } from '../render/output.js';
import type { Templates } from '../render/templates.js';
import type { TemplateFailure } from './workers/tasks.js';
import { collect, articleFiles } from './phases/collect.js';
import { commit } from './phases/commit.js';
import { parse } from './phases/parse.js';
import { plan } from './phases/plan.js';
import { render } from './phases/render.js';
import { images } from './phases/images.js';
import { index } from './phases/search.js';
import { takeStock } from './phases/take-stock.js';
import { hasFailed, key, type BuildInput, type BuildIO, type BuildResult, type BuildState, type TemplateSet } from './state.js';

export type { BuildInput, BuildIO, BuildResult, BuildStats } from './state.js';

// The build as a list of phases: take stock of the sources, parse what changed, collect the
// site, plan every output with a key, render only the outputs whose key changed, index them for
// search, then commit. Nothing is written to the output until everything rendered without an
// error, and a build with nothing to do reads no article and writes nothing.

const PHASES = [
  ['parse', parse],
  ['collect the site', collect],
  ['images', images],
  ['plan', plan],
  ['render', render],
  ['index', index],
  ['commit', commit],
] as const;

export async function build(input: BuildInput, io: BuildIO): Promise<BuildResult> {
  const previous = io.manifest;
  const pack = BodyPack.open(path.join(io.cacheDir, path.basename(previous?.pack?.file ?? 'bodies.pack')), previous?.pack?.size ?? 0);
  const state = startState(input, io, pack);
  try {
    takeStock(state);
    io.phase?.('take stock');
    state.pool = io.pool(state.toParse.length);
    for (const [name, phase] of PHASES) {
      if (io.aborted()) throw new WriteAborted();
      await phase(state);
      if (hasFailed(state)) return outcome(state, false);
      io.phase?.(name);
    }
    return outcome(state, true);
  } finally {
    await state.pool?.close();
    await state.darkroom?.close();
    if (state.staging) await io.writer.abort(state.staging);
    pack.close();
  }
}

function startState(input: BuildInput, io: BuildIO, pack: BodyPack): BuildState {
  const state: BuildState = {
    input,
    io,
    files: [...input.tree.problems, ...input.theme.problems],
    notices: [],
    previous: io.manifest,
    manifest: { ...emptyManifest(input.version), out: io.writer.out },
    pack,
    cacheChecks: { reused: 0, discarded: 0, verified: 0 },
    pool: undefined!,
    darkroom: null,
    refOf: new Map(input.tree.articles.map((ref) => [ref.sourcePath, ref])),
    toParse: [],
    parsedMeta: new Map(),
    filed: new Map(),
    site: null,
    entryOf: new Map(),
    outcome: { merged: 0, suffixed: 0, heldBack: 0, versions: 0, withdrawn: 0 },
    details: [],
    urlOf: new Map(),
    validUntil: 0,
    images: null,
    fileOf: undefined!,
    templates: undefined!,
    context: null,
    plans: [],
    produced: new Set(),
    staged: [],
    unchanged: 0,
    staging: null,
    indexes: [],
    nothingToDo: false,
    removed: 0,
  };
  state.fileOf = articleFiles(state);
  state.templates = templateSet(state);
  return state;
}

/** The theme compiled once, on first need; a template that does not compile is one message. */
function templateSet(state: BuildState): TemplateSet {
  const { theme, config } = state.input;
  let templates: Templates | null = null;
  const problem = (cause: TemplateFailure) => state.files.push(templateProblem(theme, cause));
  return {
    key: key(theme.templates),
    problem,
    async load() {
      if (templates) return templates;
      const { createTemplates, TemplateError } = await import('../render/templates.js');
      try {
        templates = createTemplates(theme.templates, config);
        return templates;
      } catch (cause) {
        if (!(cause instanceof TemplateError)) throw cause;
        problem(cause);
        return null;
      }
    },
  };
}

function templateProblem(theme: Theme, cause: TemplateFailure): VFile {
  const file = new VFile({ path: theme.templatePaths[cause.template] ?? `templates/${cause.template}` });
  report(file, cause.message, { place: { line: cause.line, column: cause.column }, ruleId: cause.ruleId, hint: cause.hint });
  return file;
}

function outcome(state: BuildState, succeeded: boolean): BuildResult {
  const { files, notices, details, site, input, cacheChecks } = state;
  const sources = input.tree.articles.length;
  if (!succeeded || !site) return { files, site: null, notices, details, stats: null, manifest: null, validUntil: 0, sources, cacheChecks };
  if (!input.config.baseUrl) {
    notices.push('No baseUrl is set, so the site has no feeds or sitemaps (they need absolute URLs). Set "baseUrl" in broadsheet.config.json, or pass --base-url.');
  }
  const produced = [...state.produced];
  return {
    files,
    site,
    notices,
    details,
    manifest: state.manifest,
    validUntil: state.validUntil,
    sources,
    cacheChecks,
    stats: {
      articles: site.articles.length,
      ...state.outcome,
      parsed: state.toParse.length,
      pages: produced.filter((file) => file.endsWith('.html')).length,
      feeds: plansOf(state.plans, 'files').filter((each) => each.feed).reduce((sum, each) => sum + each.paths.length, 0),
      written: state.staged.length,
      unchanged: state.unchanged,
      removed: state.removed,
    },
  };
}
