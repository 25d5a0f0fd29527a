import { evalQuotedToken, Liquid, Tag, toValueSync, TypeGuards, Value, type Template } from 'liquidjs';

// Which templates a template uses, read from the tree LiquidJS parses it into rather than from
// its text, so that every way of writing a use counts: a tag inside `{% liquid %}`, either quote,
// a partial reached through a partial; and a tag inside a comment or raw block does not. A page
// is made again when any template it uses changes, so missing one publishes a stale page.

/** The partial the `teaser` filter renders. */
export const TEASER_TEMPLATE = 'partials/teaser';

export interface TemplateUse {
  /** The template file used (`partials/byline.liquid`); null when its name is known only when rendering. */
  template: string | null;
  line: number;
  column: number;
  /** Under a condition or loop, or rendered once for each of a list: using itself there may end. */
  guarded: boolean;
}

const PARTIAL_TAGS = new Set(['render', 'include', 'layout']);
const CONDITIONS = new Set(['if', 'unless', 'case', 'for', 'tablerow']);

/**
 * What the partial tags keep of what they were given, and LiquidJS's types do not show: the name
 * (a string when written as a plain literal, parsed templates or a variable otherwise, nothing for
 * `none`), and `render … for list`.
 */
interface PartialTagFields {
  file?: unknown;
  forBinding?: unknown;
}

/** The templates that `parsed`, the parsed text of the template file `file`, uses. */
export function templateUses(engine: Liquid, file: string, parsed: Template[]): TemplateUse[] {
  const uses: TemplateUse[] = [];
  const visit = (node: Template, guarded: boolean) => {
    const [line = 1, column = 1] = node.token.getPosition();
    for (const argument of node.arguments?.() ?? []) {
      if (argument instanceof Value) for (const template of filterUses(engine, argument)) uses.push({ template, line, column, guarded });
    }
    const tag = node instanceof Tag ? node : null;
    if (tag && PARTIAL_TAGS.has(tag.name)) {
      const template = partialOf(engine, file, tag.name, node);
      const fields = tag as unknown as PartialTagFields;
      if (template !== undefined) uses.push({ template, line, column, guarded: guarded || fields.forBinding !== undefined });
    }
    const inner = guarded || (tag !== null && CONDITIONS.has(tag.name));
    // Without partials: a partial's own uses are its own, found when it is read.
    for (const child of node.children ? toValueSync(node.children(false, true)) : []) visit(child, inner);
  };
  for (const node of parsed) visit(node, false);
  return uses;
}

/** The file a `render`, `include` or `layout` names: null when a variable names it, undefined for none. */
function partialOf(engine: Liquid, from: string, tagName: string, tag: Template): string | null | undefined {
  const scope = tag.partialScope?.();
  if (scope) return resolve(engine, from, scope.name, tagName === 'layout' ? engine.options.layouts : engine.options.partials);
  return (tag as unknown as PartialTagFields).file === undefined ? undefined : null;
}

/**
 * As LiquidJS looks a template up: beside the template that names it for `./` and `../` (a filter
 * renders from no template), else from the root.
 */
function resolve(engine: Liquid, from: string | null, name: string, folders: string[]): string {
  const { fs, extname, relativeReference } = engine.options;
  const candidates: string[] = [];
  if (relativeReference && from !== null && fs.dirname && /^\.\.?\//.test(name)) candidates.push(fs.resolve(fs.dirname(from), name, extname));
  for (const folder of folders) candidates.push(fs.resolve(folder, name, extname));
  return candidates.find((candidate) => fs.existsSync(candidate)) ?? candidates.at(-1)!;
}

/** Templates reached through the `cached` and `teaser` filters of a value. */
function filterUses(engine: Liquid, value: Value): (string | null)[] {
  const found: (string | null)[] = [];
  value.filters.forEach((filter, index) => {
    if (filter.name === 'teaser') found.push(resolve(engine, null, TEASER_TEMPLATE, engine.options.root));
    if (filter.name !== 'cached') return;
    // `{{ 'partials/masthead' | cached }}` names its partial; any other input is known only when rendering.
    const [input, ...rest] = value.initial.postfix;
    const literal = index === 0 && rest.length === 0 && TypeGuards.isQuotedToken(input) ? evalQuotedToken(input) : null;
    found.push(literal === null ? null : resolve(engine, null, literal, engine.options.root));
  });
  return found;
}

/**
 * Every template file that rendering `file` may read, itself included, sorted. A use whose name
 * is known only when rendering could be any template, so it counts as all of them; so does a
 * template that does not parse (rendering reports it).
 */
export function templateClosure(sources: Record<string, string>): (file: string) => string[] {
  const engine = new Liquid({ templates: sources, extname: '.liquid' });
  const everything = Object.keys(sources).filter((name) => name.endsWith('.liquid')).sort();
  const direct = new Map<string, (string | null)[]>();
  const usesOf = (file: string) => {
    let uses = direct.get(file);
    if (uses === undefined) {
      try {
        uses = file in sources ? templateUses(engine, file, engine.parse(sources[file]!, file)).map((use) => use.template) : [];
      } catch {
        uses = [null];
      }
      direct.set(file, uses);
    }
    return uses;
  };
  return (file) => {
    const seen = new Set<string>();
    const visit = (template: string) => {
      if (seen.has(template)) return;
      seen.add(template);
      for (const used of usesOf(template)) {
        if (used === null) everything.forEach(visit);
        else visit(used);
      }
    };
    visit(file);
    return [...seen].sort();
  };
}
