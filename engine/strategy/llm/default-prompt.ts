import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RELATIVE = join('engine', 'strategy', 'llm', 'prompts', 'default.md');

/**
 * Path of the built-in prompt template. Found by walking up from this module, so it resolves both from the sources
 * and from the bundled CLI in dist/; the run records the template's hash, never this machine's path.
 */
export function defaultPromptPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, RELATIVE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`the built-in prompt template ${RELATIVE} is missing from this installation`);
    dir = parent;
  }
}
