import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { defaultPromptPath } from './default-prompt.ts';
import { loadPromptTemplate, parsePromptTemplate, PROMPT_FIELDS, renderPrompt } from './prompt-template.ts';

const values = Object.fromEntries(PROMPT_FIELDS.map((f) => [f, `<${f}>`])) as Record<(typeof PROMPT_FIELDS)[number], string>;

describe('prompt templates', () => {
  test('system and user sections, every placeholder filled, version = sha256 of the file text', () => {
    const text = '=== system ===\nYou trade {{symbol}}.\n=== user ===\nBars:\n{{bars}}\nLimits: {{ limits }}\n';
    const t = parsePromptTemplate(text, 'p.md');
    expect(t.hash).toBe(createHash('sha256').update(text).digest('hex'));
    expect(renderPrompt(t, values)).toEqual([
      { role: 'system', content: 'You trade <symbol>.' },
      { role: 'user', content: 'Bars:\n<bars>\nLimits: <limits>' },
    ]);
  });

  test('without markers the whole text is the user message', () => {
    expect(renderPrompt(parsePromptTemplate('Decide {{symbol}}', 'p.md'), values)).toEqual([{ role: 'user', content: 'Decide <symbol>' }]);
  });

  test('an unknown placeholder is an error naming file, line and the known fields', () => {
    expect(() => parsePromptTemplate('=== user ===\nok\nprice {{tomorrow_close}}', 'my.md')).toThrow(/^my\.md:3: unknown placeholder \{\{tomorrow_close\}\}; known: symbol, name/);
  });

  test('a template with no user message is refused', () => {
    expect(() => parsePromptTemplate('=== system ===\nrules only', 'x.md')).toThrow('x.md: the template has no user message');
  });

  test('a missing file names the path', () => {
    expect(() => loadPromptTemplate('/nope/p.md')).toThrow('cannot read prompt template /nope/p.md: no such file');
    expect(() => loadPromptTemplate(import.meta.dirname)).toThrow(`cannot read prompt template ${import.meta.dirname}: it is a folder, not a file`);
  });

  test('the built-in template is found and uses only known placeholders', () => {
    const path = defaultPromptPath();
    const t = loadPromptTemplate(path);
    expect(t.hash).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    expect(t.system).toMatch(/know nothing after it/);
    expect(t.user).toContain('{{bars}}');
  });
});
