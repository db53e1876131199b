import { createHash } from 'node:crypto';
import { readStrategyFile } from '../file-text.ts';
import type { ModelMessage } from './model-gateway.ts';

/** Placeholders a template may use, filled from point-in-time data only. */
export const PROMPT_FIELDS = ['symbol', 'name', 'date', 'timeframe', 'bars', 'indicators', 'position', 'cash', 'equity', 'limits', 'universe'] as const;
export type PromptField = (typeof PROMPT_FIELDS)[number];
export type PromptValues = Readonly<Record<PromptField, string>>;

/** A prompt template read from a file, versioned by the sha256 of its text. */
export interface PromptTemplate {
  readonly path: string;
  /** sha256 (hex) of the file's text: a different template is a different version, and a different cache key. */
  readonly hash: string;
  readonly system: string;
  readonly user: string;
}

const SECTION = /^===\s*(system|user)\s*===\s*$/;
const PLACEHOLDER = /\{\{\s*([a-zA-Z_]+)\s*\}\}/g;

/**
 * Parses a template: an optional `=== system ===` section and a `=== user ===` section (without markers the whole
 * text is the user message), with `{{field}}` placeholders. Unknown placeholders are errors naming the line.
 */
export function parsePromptTemplate(text: string, path: string): PromptTemplate {
  const sections: Record<'system' | 'user', string[]> = { system: [], user: [] };
  let current: 'system' | 'user' = 'user';
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const marker = SECTION.exec(line);
    if (marker) {
      current = marker[1] as 'system' | 'user';
      return;
    }
    for (const m of line.matchAll(PLACEHOLDER)) {
      if (!(PROMPT_FIELDS as readonly string[]).includes(m[1])) throw new Error(`${path}:${i + 1}: unknown placeholder {{${m[1]}}}; known: ${PROMPT_FIELDS.join(', ')}`);
    }
    sections[current].push(line);
  });
  const user = sections.user.join('\n').trim();
  if (user === '') throw new Error(`${path}: the template has no user message`);
  return { path, hash: createHash('sha256').update(text).digest('hex'), system: sections.system.join('\n').trim(), user };
}

/** Reads and parses a template file; errors name the file. */
export function loadPromptTemplate(path: string): PromptTemplate {
  return parsePromptTemplate(readStrategyFile(path, 'prompt template'), path);
}

/** The chat messages of a template with every placeholder filled. */
export function renderPrompt(template: PromptTemplate, values: PromptValues): ModelMessage[] {
  const fill = (s: string) => s.replace(PLACEHOLDER, (_m, key: PromptField) => values[key]);
  const messages: ModelMessage[] = [];
  if (template.system !== '') messages.push({ role: 'system', content: fill(template.system) });
  messages.push({ role: 'user', content: fill(template.user) });
  return messages;
}
