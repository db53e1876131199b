import { describe, expect, test } from 'vitest';
import { extractJson } from './extract-json.ts';

const OBJ = { action: 'BUY', symbol: 'SPY', rationale: 'a } brace and a { brace in a string', size: { kind: 'quantity', value: 1 } };
const J = JSON.stringify(OBJ);

describe('extractJson', () => {
  test.each([
    { name: 'bare', text: J, wrapping: 'bare' },
    { name: 'bare with whitespace', text: `\n  ${J}  \n`, wrapping: 'bare' },
    { name: 'fenced json', text: `Sure:\n\`\`\`json\n${J}\n\`\`\`\nDone.`, wrapping: 'fenced' },
    { name: 'fenced without a language', text: `\`\`\`\n${J}\n\`\`\``, wrapping: 'fenced' },
    { name: 'second fence when the first is not JSON', text: `\`\`\`\nnot json\n\`\`\`\n\`\`\`json\n${J}\n\`\`\``, wrapping: 'fenced' },
    { name: 'inside prose, braces in strings respected', text: `My view {tentative}: ${J} — that's it.`, wrapping: 'prose' },
  ])('$name', ({ text, wrapping }) => {
    expect(extractJson(text)).toEqual({ ok: true, value: OBJ, wrapping });
  });

  test.each([
    { name: 'empty', text: '   ', error: 'the answer is empty' },
    { name: 'prose only', text: 'I would hold for now.', error: 'no JSON object found in the answer' },
    { name: 'unbalanced', text: 'here: {"action": "BUY"', error: 'no JSON object found in the answer' },
    { name: 'an array in prose is not an object', text: 'answer: [1, 2]', error: 'no JSON object found in the answer' },
  ])('$name is not found', ({ text, error }) => {
    expect(extractJson(text)).toEqual({ ok: false, error });
  });

  test('a bare JSON value that is not an object is still returned: validation is the schema’s job', () => {
    expect(extractJson('"HOLD"')).toEqual({ ok: true, value: 'HOLD', wrapping: 'bare' });
  });
});
