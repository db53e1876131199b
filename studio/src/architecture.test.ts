// The studio talks to the rest of Tradebook over HTTP only: no source file under studio/src imports
// engine/, data/ or server/, and nothing the bundle ships names a token.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = import.meta.dirname;
const ROOT = resolve(SRC, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);

describe('studio boundaries', () => {
  test.each(sources(SRC).map((f) => relative(ROOT, f)))('%s imports only studio/src and packages', (file) => {
    for (const spec of importsOf(join(ROOT, file))) {
      if (!spec.startsWith('.')) continue;
      expect(relative(ROOT, join(ROOT, file, '..', spec)).startsWith('studio/src/'), `${file} → ${spec}`).toBe(true);
    }
  });

  test('no source keeps a token in web storage or puts one in a URL', () => {
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/(localStorage|sessionStorage)\.setItem\([^)]*token/i);
      expect(text, file).not.toMatch(/[?&]token=/);
    }
  });
});
