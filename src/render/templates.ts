import { Liquid, type Context, type Template } from 'liquidjs';
import { displayDate, displayTime, isoInZone } from '../dates.js';
import { escapeHtml, isSafeUrl, jsonForScript } from '../escape.js';
import { textDirection } from '../language.js';
import { placeOfOffset } from '../messages/diagnostics.js';
import { taxonomyUrl } from '../site.js';
import type { Picture } from '../images/types.js';
import type { SiteConfig } from '../types.js';
import { absoluteUrl, fillRootMarker, pageLink } from '../urls.js';
import { TEASER_TEMPLATE, templateUses, type TemplateUse } from './template-uses.js';

// The template engine, set up once per build (or worker): LiquidJS, which auto-escapes every
// output and runs no code from templates, over the theme's files held in memory.

/** A template mistake: the template file and line, and what to do about it. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly template: string,
    readonly line: number,
    readonly column: number,
    readonly ruleId: 'template-syntax' | 'template-variable' | 'template-render',
    readonly hint: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

export interface Templates {
  /** Renders `name` (without `.liquid`) with `data`; `data.page.url` is the page's site path. */
  render(name: string, data: Record<string, unknown>): string;
  has(name: string): boolean;
}

/**
 * `sources` maps a template's path inside the templates folder (`layouts/base.liquid`) to its
 * text. Every template is parsed up front, so a syntax error stops the build before any page.
 */
export function createTemplates(sources: Record<string, string>, config: SiteConfig, pictures: ReadonlyMap<string, Picture> = new Map()): Templates {
  const engine = createEngine(sources, config);
  const relative = !config.baseUrl || config.relativeLinks;

  registerLinkFilters(engine, config);
  // `{% assign picture = article.image.src | picture %}`: what the images module made of a
  // picture in the content folder (see partials/picture.liquid); nil for any other.
  engine.registerFilter('picture', (src: unknown) => (typeof src === 'string' ? (pictures.get(src) ?? null) : null));
  registerPartialFilters(engine);
  registerValueFilters(engine, config);

  refuseIncludeCycle(engine, parseAll(engine, sources));

  return {
    has: (name) => `${name}.liquid` in sources,
    render(name, data) {
      try {
        // As globals, site and page reach every partial without being passed down.
        const html = engine.renderFileSync(name, data, { globals: data }) as string;
        return relative ? fillRootMarker(html, (data['page'] as { url?: string } | undefined)?.url ?? '/') : html;
      } catch (cause) {
        throw toTemplateError(cause, sources, `${name}.liquid`);
      }
    },
  };
}

function createEngine(sources: Record<string, string>, config: SiteConfig): Liquid {
  return new Liquid({
    templates: sources,
    extname: '.liquid',
    outputEscape: 'escape',
    strictVariables: true,
    strictFilters: true,
    lenientIf: true,
    // A theme is trusted code, but a slip such as `(1..100000000)` should not run for minutes:
    // no page takes near these (milliseconds per page; allocations counted by LiquidJS).
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: 1e7,
    ownPropertyOnly: true,
    timezoneOffset: config.timeZone,
    locale: 'en-US',
    cache: true,
  });
}

// Read from the page the build gave, not looked up through the template's scopes: the `url`
// filter asks on every link, dozens of times a page, and a lookup costs a generator's run.
const rootLinks = (context: Context): boolean => (context.globals as { page?: { rootLinks?: unknown } }).page?.rootLinks === true;

function registerLinkFilters(engine: Liquid, config: SiteConfig): void {
  // Links: `{{ article.url | url }}` is relative (opens from disk) or under the base URL; see
  // `pageLink` for how a relative link is written once for every page.
  engine.registerFilter('url', function (this: { context: Context }, target: unknown) {
    if (typeof target !== 'string' || target === '') return '';
    if (!target.startsWith('/')) return isSafeUrl(target) ? target : '';
    return pageLink(target, config, rootLinks(this.context));
  });
  engine.registerFilter('absolute_url', (target: unknown) => {
    if (typeof target !== 'string' || target === '') return '';
    if (!target.startsWith('/')) return isSafeUrl(target) ? target : '';
    return absoluteUrl(target, config.baseUrl);
  });
  // A link from content (an author's page, a source): only http(s), mailto and relative survive.
  engine.registerFilter('safe_url', (target: unknown) => (typeof target === 'string' && isSafeUrl(target) ? target : ''));
  // The page of a section, tag or author: `{{ article.section | section_url | url }}`.
  engine.registerFilter('section_url', (name: unknown) => taxonomyUrl('sections', String(name)));
  engine.registerFilter('tag_url', (name: unknown) => taxonomyUrl('tags', String(name)));
  engine.registerFilter('author_url', (name: unknown) => taxonomyUrl('authors', String(name)));
}

function registerPartialFilters(engine: Liquid): void {
  // `{{ 'partials/masthead' | cached: page.kind }}` renders a partial once per distinct list of
  // arguments and reuses it, like Hugo's partialCached: for pieces that are the same on many
  // pages. The partial must depend on nothing but the site and those arguments.
  const partials = new Map<string, string>();
  engine.registerFilter('cached', {
    raw: true,
    handler(this: { context: Context }, name: unknown, ...variant: unknown[]) {
      const cacheKey = JSON.stringify([name, variant, rootLinks(this.context)]);
      let html = partials.get(cacheKey);
      if (html === undefined) {
        html = engine.renderFileSync(String(name), {}, { globals: this.context.globals }) as string;
        partials.set(cacheKey, html);
      }
      return html;
    },
  });

  // `{{ article | teaser: 3, lead, position }}` renders partials/teaser.liquid for an article in
  // a list. An article appears in many lists (home, section, tags, author, archives), so each
  // rendering is kept and reused: a teaser depends only on the article and these arguments.
  // The position says only whether the image loads at once: a story without one gets the same
  // teaser wherever it stands, rendered once rather than once at the top of lists and once below.
  // Kept up to a budget of characters, the oldest let go first: at 10,000 stories every teaser
  // of a build fits (about 10,000 of 800 characters), and a larger site's worker stays bounded.
  const teasers = new Map<string, string>();
  let kept = 0;
  engine.registerFilter('teaser', {
    raw: true,
    handler(this: { context: Context }, article: { url?: unknown; image?: unknown }, level: unknown = 3, lead: unknown = false, position: unknown = 99) {
      const eager = Boolean(article?.image) && (lead === true || Number(position) <= 3);
      const cacheKey = `${String(article?.url)}|${String(level)}|${String(lead)}|${eager}|${rootLinks(this.context)}`;
      let html = teasers.get(cacheKey);
      if (html === undefined) {
        html = engine.renderFileSync(
          TEASER_TEMPLATE,
          { article, level, lead: lead === true, position: eager ? 1 : 99 },
          { globals: this.context.globals },
        ) as string;
        teasers.set(cacheKey, html);
        for (kept += html.length; kept > TEASER_BUDGET; ) {
          const [oldest, itsHtml] = teasers.entries().next().value!;
          teasers.delete(oldest);
          kept -= itsHtml.length;
        }
      }
      return html;
    },
  });
}

function registerValueFilters(engine: Liquid, config: SiteConfig): void {
  engine.registerFilter('iso_date', (date: unknown) => (date instanceof Date ? isoInZone(date, config.timeZone) : ''));
  engine.registerFilter('display_date', (date: unknown) => (date instanceof Date ? displayDate(date, config.timeZone) : ''));
  engine.registerFilter('display_time', (date: unknown) => (date instanceof Date ? displayTime(date, config.timeZone) : ''));
  // JSON for <script type="application/ld+json">: `</script>` in a headline cannot end the element.
  engine.registerFilter('json_script', { handler: (value: unknown) => jsonForScript(value), raw: true });
  // `{{ 'By' | site_words: article.lang }}`: the theme's own words (and dates) are in the site's
  // language. Within a story in another language they are marked as such, so that a screen
  // reader speaks them in the right voice and they keep their direction in a right-to-left line.
  const site = { lang: escapeHtml(config.language), dir: textDirection(config.language) };
  engine.registerFilter('site_words', {
    raw: true,
    handler: (words: unknown, lang: unknown) => {
      const text = escapeHtml(String(words ?? ''));
      return typeof lang !== 'string' || lang === config.language || text === '' ? text : `<span lang="${site.lang}" dir="${site.dir}">${text}</span>`;
    },
  });
}

/** Every template parsed, by file: a syntax error anywhere stops the build before any page. */
function parseAll(engine: Liquid, sources: Record<string, string>): Map<string, Template[]> {
  const parsed = new Map<string, Template[]>();
  for (const name of Object.keys(sources).sort()) {
    if (!name.endsWith('.liquid')) continue;
    try {
      parsed.set(name, engine.parse(sources[name]!, name));
    } catch (cause) {
      throw toTemplateError(cause, sources, name);
    }
  }
  return parsed;
}

function refuseIncludeCycle(engine: Liquid, parsed: Map<string, Template[]>): void {
  const cycle = includeCycle(engine, parsed);
  if (cycle) {
    throw new TemplateError(
      `${cycle.path[0]} includes itself: ${cycle.path.join(' → ')}`,
      cycle.template,
      cycle.use.line,
      cycle.use.column,
      'template-syntax',
      'a template cannot use itself, directly or through others; remove one of these tags',
    );
  }
}

const RENDER_LIMIT_MS = 10_000;
const TEASER_BUDGET = 64 * 1024 * 1024;

interface Cycle {
  path: string[];
  template: string;
  use: TemplateUse;
}

/**
 * The first loop of `layout`/`render`/`include` among the templates that nothing stops, and the
 * use that closes it. A use under a condition or loop may end (a nested menu), so only an
 * unconditional loop is refused before rendering.
 */
function includeCycle(engine: Liquid, parsed: Map<string, Template[]>): Cycle | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): Cycle | null => {
    state.set(name, 'open');
    stack.push(name);
    for (const use of templateUses(engine, name, parsed.get(name) ?? [])) {
      if (use.template === null || !parsed.has(use.template) || use.guarded) continue;
      if (state.get(use.template) === 'open') return { path: [...stack.slice(stack.indexOf(use.template)), use.template], template: name, use };
      if (state.get(use.template) === undefined) {
        const found = visit(use.template);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(name, 'done');
    return null;
  };
  for (const name of parsed.keys()) {
    if (state.get(name) === undefined) {
      const found = visit(name);
      if (found) return found;
    }
  }
  return null;
}

const BLOCK_TAGS = new Set(['if', 'unless', 'for', 'case', 'capture', 'block', 'tablerow', 'comment', 'raw']);

/**
 * The block tags left open, in order, or the first tag closed by the wrong `end…`. Read from the
 * text because a template that does not parse has no tree. Inside raw and comment, only their own
 * end tag counts.
 */
function scanBlocks(text: string): { open: { name: string; index: number }[]; problem: { index: number; message: string } | null } {
  const open: { name: string; index: number }[] = [];
  for (const match of text.matchAll(/\{%-?\s*(\w+)/g)) {
    const name = match[1]!;
    const inside = open.at(-1)?.name;
    if ((inside === 'raw' || inside === 'comment') && name !== `end${inside}`) continue;
    if (BLOCK_TAGS.has(name)) open.push({ name, index: match.index });
    else if (name.startsWith('end') && BLOCK_TAGS.has(name.slice(3))) {
      const opened = open.pop();
      if (!opened) return { open, problem: { index: match.index, message: `{% ${name} %} has no {% ${name.slice(3)} %} to close` } };
      if (opened.name !== name.slice(3)) {
        const { line } = placeOfOffset(text, match.index);
        return { open, problem: { index: opened.index, message: `{% ${opened.name} %} is not closed before the {% ${name} %} on line ${line}` } };
      }
    }
  }
  return { open, problem: null };
}

/** The first block tag left open or closed by the wrong `end…`, with where it is. */
function unbalancedTag(text: string): { index: number; message: string } | null {
  const { open, problem } = scanBlocks(text);
  const last = open.at(-1);
  return problem ?? (last ? { index: last.index, message: `{% ${last.name} %} is not closed` } : null);
}

interface LiquidErrorShape {
  name?: string;
  message?: string;
  token?: { file?: string; input?: string; getPosition?: () => [number, number] };
  originalError?: { variableName?: string; message?: string };
}

function toTemplateError(cause: unknown, sources: Record<string, string>, fallback: string): TemplateError | unknown {
  const problem = cause as LiquidErrorShape;
  if (!problem || typeof problem !== 'object' || !problem.token) return cause;
  const input = problem.token.input;
  // Errors inside a partial or layout do not always say which file; the source text does.
  const template =
    problem.token.file ?? Object.keys(sources).find((name) => sources[name] === input) ?? fallback;
  const [line, column] = problem.token.getPosition?.() ?? [1, 1];
  const reason = String(problem.message ?? problem.originalError?.message ?? 'template error').replace(
    /,? (?:file:\S+, )?line:\d+, col:\d+$/,
    '',
  );
  if (problem.name === 'UndefinedVariableError' || /undefined variable/.test(reason)) {
    return new TemplateError(reason, template, line, column, 'template-variable',
      'check the spelling; the variables a template can use are listed in templates/README.md');
  }
  if (/undefined filter/i.test(reason)) {
    return new TemplateError(reason, template, line, column, 'template-syntax',
      'check the spelling; the filters a template can use are listed in templates/README.md');
  }
  if (/ParseError|TokenizationError/.test(problem.name ?? '')) {
    // LiquidJS names where it gave up, often the end of an enclosing block; the tag left open is
    // what the author needs to see.
    const open = /\btag\b.*\bnot (?:found|closed)/.test(reason) && sources[template] !== undefined ? unbalancedTag(sources[template]!) : null;
    if (open) {
      const place = placeOfOffset(sources[template]!, open.index);
      return new TemplateError(open.message, template, place.line, place.column, 'template-syntax',
        'end each block tag ({% if %}, {% for %}, {% block %}…) with its {% end… %}, inner ones first');
    }
    return new TemplateError(reason, template, line, column, 'template-syntax',
      'close every {{ … }} and {% … %}, and end each block tag ({% if %}, {% for %}) with its {% end… %}');
  }
  if (/limit exceeded/i.test(reason)) {
    return new TemplateError(reason, template, line, column, 'template-render',
      `a page may take at most ${RENDER_LIMIT_MS / 1000} s and bounded memory to render: look for a loop over a very large range`);
  }
  if (/call stack/i.test(reason)) {
    return new TemplateError(reason, template, line, column, 'template-render',
      'a template uses itself, directly or through others, without end');
  }
  return new TemplateError(reason, template, line, column, 'template-render', 'check the template at this line');
}
