import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { defaultPromptPath, STRATEGIES } from '../../engine/index.ts';

// Strategy params that name a server file (StrategyDefinition.fileParams: the llm prompt template, the signals CSV)
// are read by the process that runs the backtest. From the CLI that is the user's own process reading the user's own
// files; over HTTP it would let a token read any file the server can. Requests over the API may only name files
// inside the roots below.

/** Environment variable naming one more folder whose files API requests may name as strategy file params. */
export const API_FILES_DIR_ENV = 'TRADEBOOK_API_FILES_DIR';

/** A folder whose files API requests may name: as configured (absolute) and its realpath. */
export interface FileRoot {
  /** What the folder is, for messages: `built-in prompts` or the variable that named it. */
  readonly label: string;
  readonly path: string;
  readonly real: string;
}

/** A file param the API refuses: its dotted path in the request (e.g. `params.prompt`) and why. */
export interface FileParamIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The roots of the API's readable files: the built-in prompts folder, plus the folder `TRADEBOOK_API_FILES_DIR` names
 * (relative to the working directory). Throws an Error naming the variable when it names no folder.
 */
export function apiFileRoots(env: Readonly<Record<string, string | undefined>>): readonly FileRoot[] {
  const prompts = dirname(defaultPromptPath());
  const roots: FileRoot[] = [{ label: 'built-in prompts', path: prompts, real: realpathSync(prompts) }];
  const extra = env[API_FILES_DIR_ENV]?.trim();
  if (extra) {
    const path = resolve(extra);
    let real: string;
    try {
      real = realpathSync(path);
    } catch (err) {
      throw new Error(`${API_FILES_DIR_ENV}: no folder at ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (!statSync(real).isDirectory()) throw new Error(`${API_FILES_DIR_ENV}: ${path} is not a folder`);
    if (dirname(real) === real) throw new Error(`${API_FILES_DIR_ENV}: ${path} is the root of the file system, which would let any token read every file; name a folder of its own`);
    roots.push({ label: API_FILES_DIR_ENV, path, real });
  }
  return roots;
}

/** The roots as one phrase, for messages. */
export function describeRoots(roots: readonly FileRoot[]): string {
  const listed = roots.map((r) => `${r.path} (${r.label})`).join(', ');
  const more = roots.some((r) => r.label === API_FILES_DIR_ENV) ? '' : `; set ${API_FILES_DIR_ENV} on the server to allow another folder`;
  return `files inside ${listed}${more}`;
}

/**
 * Checks every file param of a backtest config's strategy (`{strategy, params}`; anything else is left to the
 * config's own validation): each must name an existing file whose realpath lies inside `roots`, so neither `..` nor
 * a symlink leaves them. A path outside the roots as written is refused without touching the file system, and no
 * file is ever read here. `prefix` is where the config sits in the request (`config`, `cells.2.config`).
 */
export function serverFileIssues(config: unknown, roots: readonly FileRoot[], prefix = ''): FileParamIssue[] {
  if (typeof config !== 'object' || config === null) return [];
  const { strategy, params } = config as { strategy?: unknown; params?: unknown };
  if (typeof strategy !== 'string' || typeof params !== 'object' || params === null) return [];
  const fileParams = STRATEGIES.get(strategy)?.fileParams ?? [];
  const issues: FileParamIssue[] = [];
  for (const name of fileParams) {
    const value = (params as Record<string, unknown>)[name];
    if (typeof value !== 'string' || value.trim() === '') continue; // absent or empty: the strategy's own check names it
    const reason = refusal(value.trim(), roots);
    if (reason === null) continue;
    const path = [prefix, 'params', name].filter((s) => s !== '').join('.');
    issues.push({ path, message: `${clip(JSON.stringify(value))} ${reason}; the API may only name ${describeRoots(roots)}` });
  }
  return issues;
}

/** Why `text` may not be read over the API, or null when it names a file inside a root. */
function refusal(text: string, roots: readonly FileRoot[]): string | null {
  const asWritten = resolve(text);
  if (!roots.some((r) => isInside(asWritten, r.path) || isInside(asWritten, r.real))) return 'is outside the allowed folders';
  let real: string;
  try {
    // The text as the strategy will open it, resolved the way the OS resolves it: a symlinked folder is followed
    // before a `..` after it, so DIR/link/../x can open a file beside the link's target, outside DIR. (The JS
    // realpathSync normalises `..` lexically first, as path.resolve does; the native one asks the OS.)
    real = realpathSync.native(text);
  } catch {
    return 'names no file';
  }
  if (!roots.some((r) => isInside(real, r.real))) return 'leads outside the allowed folders (through a symlink)';
  return statSync(real).isFile() ? null : 'is not a file';
}

/** True when `path` is `dir` or lies below it. */
function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function clip(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 199)}…`;
}
