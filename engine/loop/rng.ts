import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Deterministic uniform numbers in [0, 1) from a seed (xoroshiro128+ via pure-rand). */
export function createRng(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}
