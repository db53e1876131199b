// Imports point one way: server → data → engine. The engine imports no database, HTTP or other folder,
// reads no wall clock and draws no unseeded random numbers; other folders import engine/data through their index.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './helpers.ts';

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);

describe('dependency direction', () => {
  test.each(sources('engine'))('%s imports nothing outside engine/ but allowed packages', (file) => {
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) expect(relative(ROOT, join(ROOT, file, '..', spec)).startsWith('engine/'), `${file} → ${spec}`).toBe(true);
      else if (file.endsWith('.contract.ts') && spec === 'vitest') continue; // contract suites are test code
      else expect(['zod', 'canonicalize', 'trading-signals', 'luxon', 'csv-parse/sync', 'node:crypto', 'node:fs/promises', 'node:fs', 'pure-rand/distribution/uniformFloat64', 'pure-rand/generator/xoroshiro128plus', 'node:path', 'node:url'], `${file} → ${spec}`).toContain(spec);
    }
  });

  test.each(sources('engine').filter((f) => !f.endsWith('test-kit.ts') && !f.endsWith('test-harness.ts') && !f.includes('contract')))('%s reads no wall clock and no unseeded randomness', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    expect(text).not.toMatch(/Date\.now\(|Math\.random\(|new Date\(\)/);
  });

  test.each(sources('data'))('%s imports the engine only through engine/index.ts and never server/', (file) => {
    for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
      const target = relative(ROOT, join(ROOT, file, '..', spec));
      expect(target.startsWith('server/'), `${file} → ${spec}`).toBe(false);
      if (target.startsWith('engine/')) expect(target, `${file} → ${spec}`).toBe('engine/index.ts');
    }
  });

  test.each(sources('server'))('%s imports engine and data only through their index', (file) => {
    for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
      const target = relative(ROOT, join(ROOT, file, '..', spec));
      if (target.startsWith('engine/')) expect(target, `${file} → ${spec}`).toBe('engine/index.ts');
      if (target.startsWith('data/')) expect(target, `${file} → ${spec}`).toBe('data/index.ts');
    }
  });
});
