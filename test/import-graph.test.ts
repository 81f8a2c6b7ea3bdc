// Holds the import rule of docs/architecture.md: imports point downward only
// (lib ← db ← http ← features ← app/cli/worker/services) and nothing imports in a circle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Test code (and its support files) may import anything; it is left out of the graph. */
const isTestCode = (file: string) => /\.test\.ts$|testkit\.ts$|test-support\.ts$/.test(file);

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !isTestCode(name) ? [relative(SRC, path)] : [];
  });
}

/** The text with comments blanked out; string and template literals are kept as they are. */
export function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== '`' && text[j] === '\n')) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

// Static imports and re-exports (`import x from`, `import type {…} from`, `import '…'`,
// `export * from`, `export {…} from`, across lines) and dynamic `import('…')`, which
// includes type queries such as `typeof import('…')`.
const IMPORT =
  /(?:^|[;\n}])\s*(?:import\s+(?:type\s+)?(?:[\w$]+\s*,?\s*)?(?:\*\s+as\s+[\w$]+|\{[^}]*\})?\s*(?:from\s*)?|export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*)['"]([^'"\n]+)['"]|\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** The relative imports of a file, as paths relative to src/ (outside src they start with ../). */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of withoutComments(text).matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2]!;
    if (specifier.startsWith('.')) found.push(relative(SRC, resolve(SRC, dirname(file), specifier)));
  }
  return found;
}

/**
 * Layers, lowest first. A feature folder's table file (`x.table.ts`: row types only) belongs to
 * the database layer, which composes them into `Database`. The worker engine and the CLI's command
 * helpers are what features build on; the worker's task list, the CLI entry, the app, the
 * composed config and the services sit above the features. The typed client (client/) is a feature
 * like the others: it builds on the features' schemas, and the importer (switching/) uses it.
 */
const LAYERS = ['lib', 'db', 'http', 'feature', 'top'] as const;
type Layer = (typeof LAYERS)[number];

function layerOf(file: string): Layer {
  const [folder, ...rest] = file.split('/');
  if (rest.length === 0) return file === 'config.ts' ? 'lib' : 'top';
  if (folder === 'lib') return 'lib';
  if (folder === 'db' || file.endsWith('.table.ts')) return 'db';
  if (folder === 'http' || folder === 'events' || file === 'cli/command.ts' || file === 'worker/worker.ts' || file === 'worker/api-activity.ts') return 'http';
  if (folder === 'worker') return 'top';
  return 'feature';
}

/** The import graph of every non-test file under src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles()) graph.set(file, importsOf(file, readFileSync(join(SRC, file), 'utf8')));
  return graph;
}

/** Strongly connected components with more than one member (or a self-import): the cycles. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

test('the import scanner sees static, multi-line, type-only, re-exported and dynamic imports, not commented ones', () => {
  const text = [
    "import { a } from './a.ts';",
    'import type {',
    '  B,',
    "} from '../lib/b.ts';",
    "export { c } from './c.ts';",
    "export * from './d.ts';",
    "import './e.ts';",
    "const f = await import('./f.ts');",
    "type G = typeof import('./g.ts');",
    "// import { h } from './h.ts';",
    "/* import('./i.ts') */",
    "const url = 'http://example.com'; import { j } from './j.ts';",
    "import pg from 'pg';",
  ].join('\n');
  assert.deepEqual(importsOf('media/x.ts', text), ['media/a.ts', 'lib/b.ts', 'media/c.ts', 'media/d.ts', 'media/e.ts', 'media/f.ts', 'media/g.ts', 'media/j.ts']);
});

test('the scanner finds the imports of the real sources (every target exists)', () => {
  const graph = importGraph();
  const edges = [...graph.values()].flat();
  assert.ok(edges.length > 300, `only ${edges.length} imports found`);
  assert.ok(graph.get('app.ts')!.includes('services.ts'));
  const missing = [...graph].flatMap(([file, targets]) => targets.filter((t) => !t.startsWith('..') && !graph.has(t)).map((t) => `${file} -> ${t}`));
  assert.deepEqual(missing, [], 'every import inside src/ resolves to a source file');
  for (const target of edges.filter((t) => t.startsWith('..'))) assert.ok(existsSync(join(SRC, target)), target);
});

test('no import cycle between files under src/', () => {
  assert.deepEqual(cycles(importGraph()), []);
});

test('no import cycle between feature folders', () => {
  const folders = new Map<string, string[]>();
  for (const [file, targets] of importGraph()) {
    if (layerOf(file) !== 'feature') continue;
    const from = file.split('/')[0]!;
    const to = targets
      .filter((t) => !t.startsWith('..') && layerOf(t) === 'feature')
      .map((t) => t.split('/')[0]!)
      .filter((f) => f !== from);
    folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])]);
  }
  assert.deepEqual(cycles(folders), []);
});

test('imports point downward only: lib ← db ← http ← features ← app/cli/worker/services', () => {
  const rank = (file: string) => LAYERS.indexOf(layerOf(file));
  const upward = [...importGraph()].flatMap(([file, targets]) =>
    targets
      .filter((target) => (target.startsWith('..') ? !target.startsWith('../packages/') : rank(target) > rank(file)))
      .map((target) => `${file} (${layerOf(file)}) -> ${target}${target.startsWith('..') ? '' : ` (${layerOf(target)})`}`),
  );
  assert.deepEqual(upward, []);
});
