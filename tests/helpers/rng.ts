/**
 * A seeded pseudo-random generator (mulberry32) for fuzz and fault tests: the same seed gives the
 * same run, so a failure that prints its seed can be replayed.
 */

/** Random choices drawn from one seed. */
export interface Rng {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
  /** A random lower-case word of 1 to max letters. */
  word(max?: number): string;
}

/** Makes a generator from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[int(0, items.length - 1)];
    },
    bytes: (n) => Uint8Array.from({ length: n }, () => int(0, 255)),
    word: (max = 8) => Array.from({ length: int(1, max) }, () => String.fromCharCode(97 + int(0, 25))).join(''),
  };
}

/** Seeds for a run: QUIRE_SEED=<n> replays one, otherwise `count` seeds from `base`. */
export function seedsFor(count: number, base: number): number[] {
  const fixed = process.env.QUIRE_SEED;
  if (fixed) return [Number(fixed)];
  return Array.from({ length: count }, (_, i) => base + i);
}
