/** How the JSON object was found in the model's text. */
export type JsonWrapping = 'bare' | 'fenced' | 'prose';

export type Extracted = { readonly ok: true; readonly value: unknown; readonly wrapping: JsonWrapping } | { readonly ok: false; readonly error: string };

const FENCE = /```[ \t]*(?:json|JSON)?[ \t]*\r?\n?([\s\S]*?)```/g;

/**
 * Finds the JSON answer in a model's text: the whole text, else the first fenced block that parses, else the first
 * balanced `{...}` in prose that parses as an object. Validation is the caller's: this only unwraps.
 */
export function extractJson(text: string): Extracted {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'the answer is empty' };
  const bare = tryParse(trimmed);
  if (bare.ok) return { ok: true, value: bare.value, wrapping: 'bare' };
  for (const m of trimmed.matchAll(FENCE)) {
    const fenced = tryParse(m[1].trim());
    if (fenced.ok) return { ok: true, value: fenced.value, wrapping: 'fenced' };
  }
  for (let i = trimmed.indexOf('{'); i >= 0; i = trimmed.indexOf('{', i + 1)) {
    const end = balancedEnd(trimmed, i);
    if (end < 0) continue;
    const inner = tryParse(trimmed.slice(i, end + 1));
    if (inner.ok && inner.value !== null && typeof inner.value === 'object' && !Array.isArray(inner.value)) return { ok: true, value: inner.value, wrapping: 'prose' };
  }
  return { ok: false, error: 'no JSON object found in the answer' };
}

function tryParse(s: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch {
    return { ok: false };
  }
}

/** Index of the `}` closing the `{` at `start`, skipping braces inside JSON strings; -1 when unbalanced. */
function balancedEnd(s: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}
