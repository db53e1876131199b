// Test helpers for the importer suites: small files in a temp folder, and the ImportError a parse throws.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ImportError, parseBarsFile, type ImportOptions } from './index.ts';

/** A temp folder removed after the calling suite; `write` puts each file in a fresh sub-folder of it. */
export function tempFiles(prefix: string): { write(name: string, content: string | Uint8Array): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let count = 0;
  return {
    write(name, content) {
      const sub = join(dir, String(++count));
      mkdirSync(sub);
      const path = join(sub, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/** The ImportError a parse throws (fails the test when it does not throw one). */
export async function importError(path: string, options: ImportOptions): Promise<ImportError> {
  try {
    await parseBarsFile(path, options);
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error(`${path} was accepted`);
}
