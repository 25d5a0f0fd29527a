import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

// The dependency rules of ARCHITECTURE.md, read from the imports of every source file.

const SRC = path.join(ROOT, 'src');

function sourceFiles(folder = ''): string[] {
  return readdirSync(path.join(SRC, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = folder ? `${folder}/${entry.name}` : entry.name;
    return entry.isDirectory() ? sourceFiles(relative) : entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** Each file's imports, static and dynamic: source files as paths under src/, packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((match) => match[1] ?? match[2]!);
  return specifiers.map((specifier) => (specifier.startsWith('.') ? path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts') : specifier));
}

const graph = new Map(sourceFiles().map((file) => [file, importsOf(file)]));
const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);

describe('the architecture', () => {
  it('should find the source files and their imports', () => {
    expect(graph.size).toBeGreaterThan(30);
    expect(graph.get('build/index.ts')).toContain('build/phases/parse.ts');
  });

  it('should keep content and render apart', () => {
    const crossings = [...graph].flatMap(([file, imports]) =>
      imports.filter((target) => (under('content')(file) && under('render')(target)) || (under('render')(file) && under('content')(target))).map((target) => `${file} -> ${target}`),
    );
    expect(crossings).toEqual([]);
  });

  it('should let no output import another', () => {
    const outputs = [...graph.keys()].filter((file) => under('render/outputs')(file) && !file.endsWith('/index.ts'));
    const crossings = outputs.flatMap((file) => graph.get(file)!.filter((target) => under('render/outputs')(target)).map((target) => `${file} -> ${target}`));
    expect(outputs.length).toBeGreaterThan(5);
    expect(crossings).toEqual([]);
  });

  it('should let nothing import the command line', () => {
    const crossings = [...graph].flatMap(([file, imports]) => (under('cli')(file) ? [] : imports.filter(under('cli')).map((target) => `${file} -> ${target}`)));
    expect(crossings).toEqual([]);
  });

  it('should give the library without loading the command line', () => {
    const reached = new Set<string>();
    const reach = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const target of graph.get(file) ?? []) reach(target);
    };
    reach('index.ts');
    expect([...reached].filter((file) => under('cli')(file) || file === 'commander')).toEqual([]);
    expect(reached.has('build/index.ts')).toBe(true);
  });

  it('should touch the disk only in the writer, the project layer, the caches and the dev server', () => {
    const allowed = (file: string) => file === 'write.ts' || file === 'serve.ts' || file === 'build/cache.ts' || file === 'images/store.ts' || under('project')(file);
    const touching = [...graph].filter(([file, imports]) => !allowed(file) && imports.some((target) => /^(?:node:)?fs(?:\/promises)?$/.test(target))).map(([file]) => file);
    expect(touching).toEqual([]);
  });

  it('should have no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const target of graph.get(file) ?? []) if (graph.has(target)) visit(target, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
