import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultPromptPath, STRATEGIES } from '../../engine/index.ts';
import { API_FILES_DIR_ENV, apiFileRoots, serverFileIssues } from './server-files.ts';

// A folder the API may read (allowed/) beside one it may not (secret.csv), with ways out of allowed/.
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tradebook-files-')));
const allowed = join(dir, 'allowed');
const secret = join(dir, 'secret.csv');
mkdirSync(join(allowed, 'sub'), { recursive: true });
writeFileSync(secret, 'SECRET-FIRST-LINE,do-not-echo\n');
writeFileSync(join(allowed, 'signals.csv'), 'timestamp,symbol,side,quantity\n');
symlinkSync(secret, join(allowed, 'link-to-secret.csv'));
symlinkSync(dir, join(allowed, 'link-to-parent'));
symlinkSync(join(allowed, 'signals.csv'), join(allowed, 'sub', 'link-inside.csv'));
// A link to a folder two levels down outside, with a decoy of the same name inside: allowed/deep-link/../decoy.csv
// reads lexically as allowed/decoy.csv, but the OS follows the link first and opens outside/decoy.csv.
mkdirSync(join(dir, 'outside', 'deep'), { recursive: true });
writeFileSync(join(dir, 'outside', 'decoy.csv'), 'SECRET-OUTSIDE,do-not-echo\n');
writeFileSync(join(allowed, 'decoy.csv'), 'timestamp,symbol,side,quantity\n');
symlinkSync(join(dir, 'outside', 'deep'), join(allowed, 'deep-link'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const roots = apiFileRoots({ [API_FILES_DIR_ENV]: allowed });
const builtIn = defaultPromptPath();
const signals = (file: string) => ({ strategy: 'signals', params: { file } });
const llm = (prompt: string) => ({ strategy: 'llm', params: { every: '20', prompt } });

describe('strategy file params over the API', () => {
  test.each([
    ['the built-in prompt, absolute', llm(builtIn)],
    ['the built-in prompt, relative to the working directory', llm(relative(process.cwd(), builtIn))],
    ['a file in TRADEBOOK_API_FILES_DIR', signals(join(allowed, 'signals.csv'))],
    ['a symlink that stays inside', signals(join(allowed, 'sub', 'link-inside.csv'))],
    ['a path with `..` that stays inside', signals(join(allowed, 'sub', '..', 'signals.csv'))],
    ['surrounding spaces, trimmed as the strategy trims them', signals(` ${join(allowed, 'signals.csv')} `)],
    ['no prompt (the built-in default)', { strategy: 'llm', params: { every: '20' } }],
    ['a strategy without file params', { strategy: 'sma-cross', params: { fast: '/etc/shadow' } }],
  ])('admits %s', (_what, config) => {
    expect(serverFileIssues(config, roots)).toEqual([]);
  });

  test.each([
    ['/etc/shadow', llm('/etc/shadow'), 'params.prompt', 'is outside the allowed folders'],
    ['a file beside the allowed folder', signals(secret), 'params.file', 'is outside the allowed folders'],
    ['`..` out of the allowed folder', signals(join(allowed, '..', 'secret.csv')), 'params.file', 'is outside the allowed folders'],
    ['`..` out of the prompts folder', llm(join(dirname(builtIn), '..', 'llm-strategy.ts')), 'params.prompt', 'is outside the allowed folders'],
    ['a symlink to a file outside', signals(join(allowed, 'link-to-secret.csv')), 'params.file', 'leads outside the allowed folders (through a symlink)'],
    ['a symlinked folder leading outside', signals(join(allowed, 'link-to-parent', 'secret.csv')), 'params.file', 'leads outside the allowed folders (through a symlink)'],
    ['`..` after a symlinked folder (the OS follows the link before the `..`)', signals(`${allowed}/deep-link/../decoy.csv`), 'params.file', 'leads outside the allowed folders (through a symlink)'],
    ['a missing file inside', signals(join(allowed, 'missing.csv')), 'params.file', 'names no file'],
    ['a folder', signals(allowed), 'params.file', 'is not a file'],
  ])('refuses %s, naming the field and the allowed folders, never the content', (_what, config, path, reason) => {
    const issues = serverFileIssues(config, roots);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe(path);
    expect(issues[0].message).toContain(reason);
    expect(issues[0].message).toContain(`the API may only name files inside ${dirname(builtIn)} (built-in prompts), ${allowed} (${API_FILES_DIR_ENV})`);
    expect(issues[0].message).not.toContain('SECRET');
  });

  test('the root of the file system is refused as TRADEBOOK_API_FILES_DIR', () => {
    expect(() => apiFileRoots({ [API_FILES_DIR_ENV]: '/' })).toThrow(`${API_FILES_DIR_ENV}: / is the root of the file system`);
    expect(() => apiFileRoots({ [API_FILES_DIR_ENV]: '/tmp/..' })).toThrow('is the root of the file system');
  });

  test('a prefix places the issue where the config sits in the request', () => {
    expect(serverFileIssues(signals('/etc/passwd'), roots, 'cells.3.config').map((i) => i.path)).toEqual(['cells.3.config.params.file']);
  });

  test('without TRADEBOOK_API_FILES_DIR only the built-in prompts are allowed, and the message says how to allow more', () => {
    const only = apiFileRoots({});
    expect(only.map((r) => r.label)).toEqual(['built-in prompts']);
    expect(serverFileIssues(llm(builtIn), only)).toEqual([]);
    const [issue] = serverFileIssues(signals(join(allowed, 'signals.csv')), only);
    expect(issue.message).toContain(`set ${API_FILES_DIR_ENV} on the server to allow another folder`);
  });

  test('TRADEBOOK_API_FILES_DIR must name a folder', () => {
    expect(() => apiFileRoots({ [API_FILES_DIR_ENV]: join(dir, 'nope') })).toThrow(`${API_FILES_DIR_ENV}: no folder at ${join(dir, 'nope')}`);
    expect(() => apiFileRoots({ [API_FILES_DIR_ENV]: secret })).toThrow(`${API_FILES_DIR_ENV}: ${secret} is not a folder`);
  });

  // A new strategy that reads a file must say so, or the API would read it from anywhere.
  test.each([...STRATEGIES.values()].map((d) => [d.name, d] as const))('%s declares every param that names a file', (_name, d) => {
    const named = Object.entries(d.params).filter(([, help]) => /\b(path|file)\b/i.test(help)).map(([k]) => k);
    expect([...(d.fileParams ?? [])].sort()).toEqual(named.sort());
  });
});
