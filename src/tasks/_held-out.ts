// Held-out splits by group, shared by the task specs: hold out whole groups (WiC target words, idiom expressions)
// so that validation, like the official splits, scores groups training never saw; one split of about a fraction,
// or k disjoint folds; and the one-shot variant, which moves one example per label of each held-out group into
// training. Not here: SST-2's sentence split (sst2.ts), which is not a group split.
import { AttnError } from '../errors.js';
import { Rng } from '../random.js';
import type { Split } from './spec.js';

export function checkFraction(f: number): void {
  if (!(f > 0 && f < 1)) throw new AttnError('E_INPUT', `validation fraction must be in (0, 1), got ${f}`);
}

export function checkFolds(k: number, groups: number, what: string): void {
  if (!Number.isSafeInteger(k) || k < 2) throw new AttnError('E_INPUT', `folds must be an integer of at least 2, got ${k}`);
  if (groups < k) throw new AttnError('E_INPUT', `${k} folds need at least ${k} ${what}, the data has ${groups}`);
}

/** Hold out about `fraction` of the groups (by key), chosen by a seeded shuffle of the sorted keys. */
export function groupSplit<E>(examples: readonly E[], key: (e: E) => string, fraction: number, seed: number): Split<E> {
  const keys = [...new Set(examples.map(key))].sort();
  new Rng(seed).shuffle(keys);
  const held = new Set<string>();
  let count = 0;
  const sizes = new Map<string, number>();
  for (const e of examples) sizes.set(key(e), (sizes.get(key(e)) ?? 0) + 1);
  for (const k of keys) {
    if (count >= fraction * examples.length) break;
    held.add(k);
    count += sizes.get(k)!;
  }
  return { train: examples.filter((e) => !held.has(key(e))), val: examples.filter((e) => held.has(key(e))), dropped: 0 };
}

/**
 * Assign keys to k folds: a seeded shuffle of the sorted keys, each key to the fold with the fewest examples so far
 * (so folds are about equal in examples, not just in keys). Returns key → fold.
 */
export function assignFolds(keys: Iterable<string>, size: (key: string) => number, k: number, seed: number): Map<string, number> {
  const order = new Rng(seed).shuffle([...new Set(keys)].sort());
  const load = new Array<number>(k).fill(0), fold = new Map<string, number>();
  for (const key of order) {
    const f = load.indexOf(Math.min(...load));
    fold.set(key, f);
    load[f] += size(key);
  }
  return fold;
}

/** k folds by group: fold f validates on the groups assigned to it and trains on all the others. */
export function groupFolds<E>(examples: readonly E[], key: (e: E) => string, k: number, seed: number, what: string): Split<E>[] {
  const sizes = new Map<string, number>();
  for (const e of examples) sizes.set(key(e), (sizes.get(key(e)) ?? 0) + 1);
  checkFolds(k, sizes.size, what);
  const fold = assignFolds(sizes.keys(), (g) => sizes.get(g)!, k, seed);
  return Array.from({ length: k }, (_, f) => ({
    train: examples.filter((e) => fold.get(key(e)) !== f), val: examples.filter((e) => fold.get(key(e)) === f), dropped: 0,
  }));
}

/** One-shot: the first example of each label of each held-out group joins training (as train_one_shot.csv does). */
export function oneShot<E extends { label: number | null }>(s: Split<E>, key: (e: E) => string): Split<E> {
  const shot = new Set<string>(), stay: E[] = [], train = [...s.train];
  for (const e of s.val) {
    const k = `${key(e)}\t${e.label}`;
    if (shot.has(k)) stay.push(e);
    else {
      shot.add(k);
      train.push(e);
    }
  }
  return { train, val: stay, dropped: s.dropped };
}
