import { CONFIG_SECTIONS } from './app-config.ts';

/** What the docs need of a key's schema (see the options described in config.ts). */
interface KeyDoc {
  type?: string;
  default?: unknown;
  title?: string;
  description?: string;
  unit?: string;
  defaultText?: string;
}

const WIDTH = 118;
const README_START = '<!-- config-table:start (generated from src/config.ts by npm run config:docs) -->';
const README_END = '<!-- config-table:end -->';

const keysOf = (section: (typeof CONFIG_SECTIONS)[number]) => Object.entries(section.keys as Record<string, KeyDoc>);

/** A default as it is written in the environment: booleans as 0/1. */
const envValue = (value: unknown) => (value === undefined ? '' : typeof value === 'boolean' ? (value ? '1' : '0') : String(value));

/** Comment lines of at most WIDTH characters. */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length > 1 && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

/** `.env.example`: every key with its description, unit and default. */
export function envExample(): string {
  const out = [
    '# Plaudit reads its configuration from environment variables only. Every key is optional.',
    '# The server checks them all at start and reports every bad one at once (exit code 2).',
    '# Generated from the schema in src/config.ts by `npm run config:docs`: edit the text there.',
  ];
  for (const section of CONFIG_SECTIONS) {
    out.push('');
    if (section.title) out.push(`# --- ${section.title} ---`);
    for (const [key, doc] of keysOf(section)) {
      const notes = [doc.unit && `Unit: ${doc.unit}.`, doc.defaultText && `Default: ${doc.defaultText.replaceAll('`', '')}.`].filter(Boolean);
      out.push(...comment([doc.description ?? doc.title ?? '', ...notes].join(' ')), `${key}=${envValue(doc.default)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** The README's configuration table (between its markers). */
export function readmeTable(): string {
  const rows = ['| key | default | unit | |', '|---|---|---|---|'];
  for (const section of CONFIG_SECTIONS) {
    for (const [key, doc] of keysOf(section)) {
      const defaultCell = doc.defaultText ?? (doc.default === undefined ? 'unset' : `\`${envValue(doc.default)}\``);
      rows.push(`| \`${key}\` | ${defaultCell} | ${doc.unit ?? ''} | ${(doc.title ?? '').replaceAll('|', '\\|')} |`);
    }
  }
  return [README_START, ...rows, README_END].join('\n');
}

/** The README with its configuration table replaced by the generated one. */
export function withReadmeTable(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} … ${README_END} block`);
  return readme.slice(0, start) + readmeTable() + readme.slice(end + README_END.length);
}
