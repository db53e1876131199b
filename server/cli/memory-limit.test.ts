import { describe, expect, test } from 'vitest';
import { UsageError } from './context.ts';
import { memoryLimitFromEnv } from './memory-limit.ts';

describe('TRADEBOOK_MEMORY_LIMIT', () => {
  test.each([
    [undefined, undefined],
    ['', undefined],
    ['256MB', '256MB'],
    [' 2GB ', '2GB'],
    ['0.5GB', '0.5GB'],
    ['256 MiB', '256MiB'],
    ['16MB', '16MB'],
  ])('%j → %j', (value, limit) => {
    expect(memoryLimitFromEnv({ TRADEBOOK_MEMORY_LIMIT: value })).toBe(limit);
  });

  // Each of these DuckDB refuses with a bare "Failed to set config" (lots, 256, 0, 80%), or accepts and then fails
  // every query with an out-of-memory error (1MB), or means "no limit" (-1MB).
  test.each(['lots', '256', '0', '80%', '1MB', '15MB', '-1MB', '256 M B', '1e3MB'])('%j is a usage error naming the variable and the value expected', (value) => {
    const call = () => memoryLimitFromEnv({ TRADEBOOK_MEMORY_LIMIT: value });
    expect(call).toThrow(UsageError);
    expect(call).toThrow(`TRADEBOOK_MEMORY_LIMIT must be an amount of memory of at least 16MB such as 256MB or 2GB (units KB, MB, GB, TB, KiB, MiB, GiB, TiB), got ${JSON.stringify(value)}`);
  });
});
