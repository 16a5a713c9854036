// Validation splits carved from the training data with a fixed seed, each shaped like the task's real held-out
// data so that validation numbers predict the official ones: SST-2 holds out whole sentences and drops every
// training phrase inside them (GLUE's train has each sentence's sub-phrases, which would leak); WiC and idioms
// hold out whole groups (target words; expressions), since the official splits test words and expressions the
// training data does not have; idioms one-shot moves one example per label of each held-out expression back
// into training, as train_one_shot.csv does for the test expressions.
import { AttnError } from '../errors.js';
import { Rng } from '../random.js';
import type { TaskExample, Sst2Example } from './examples.js';

export interface Split<E> {
  train: E[];
  val: E[];
  /** Training rows dropped because they overlap the validation data (SST-2 phrases inside held-out sentences). */
  dropped: number;
}

export type Setting = 'zero-shot' | 'one-shot';

function checkFraction(f: number): void {
  if (!(f > 0 && f < 1)) throw new AttnError('E_INPUT', `validation fraction must be in (0, 1), got ${f}`);
}

/** Hold out about `fraction` of the groups (by key), chosen by a seeded shuffle of the sorted keys. */
function groupSplit<E>(examples: readonly E[], key: (e: E) => string, fraction: number, seed: number): { train: E[]; val: E[] } {
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
  return { train: examples.filter((e) => !held.has(key(e))), val: examples.filter((e) => held.has(key(e))) };
}

/** SST-2: held-out sentences are "roots" (inside no other row); rows inside a held-out sentence leave training. */
function sst2Split(examples: readonly Sst2Example[], fraction: number, seed: number): Split<Sst2Example> {
  const norm = (s: string) => ` ${s.trim().split(/\s+/).join(' ')} `;
  const texts = examples.map((e) => norm(e.text));
  const rng = new Rng(seed);
  const order = rng.shuffle(examples.map((_, i) => i)).filter((i) => texts[i].split(' ').length - 2 >= 6);
  // A candidate is a root if no longer row contains it: index every row's spans of candidate lengths.
  const want = Math.round(fraction * examples.length / 6); // each held-out sentence takes ~6 phrases out of training
  const candidates = new Set(order.slice(0, want * 10).map((i) => texts[i]));
  const lengths = new Set([...candidates].map((c) => c.split(' ').length - 2));
  const contained = new Set<string>();
  for (const t of texts) {
    const w = t.trim().split(' ');
    for (const L of lengths) {
      if (L >= w.length) continue;
      for (let s = 0; s + L <= w.length; s++) {
        const span = ` ${w.slice(s, s + L).join(' ')} `;
        if (candidates.has(span)) contained.add(span);
      }
    }
  }
  const held = new Set<string>();
  for (const i of order) {
    if (held.size >= want) break;
    if (candidates.has(texts[i]) && !contained.has(texts[i])) held.add(texts[i]);
  }
  const inside = new Set<string>(); // every span of every held-out sentence
  for (const h of held) {
    const w = h.trim().split(' ');
    for (let s = 0; s < w.length; s++) for (let e = s + 1; e <= w.length; e++) inside.add(` ${w.slice(s, e).join(' ')} `);
  }
  const val: Sst2Example[] = [], train: Sst2Example[] = [];
  let dropped = 0;
  const seen = new Set<string>();
  examples.forEach((e, i) => {
    if (held.has(texts[i])) {
      if (!seen.has(texts[i])) val.push(e);
      seen.add(texts[i]);
    } else if (inside.has(texts[i])) dropped++;
    else train.push(e);
  });
  return { train, val, dropped };
}

/**
 * Carve a validation split from training examples, deterministically for a seed.
 * @example const { train, val } = validationSplit(examples, { fraction: 0.1, seed: 0 });
 */
export function validationSplit<E extends TaskExample>(examples: readonly E[], opts: { fraction?: number; seed?: number; setting?: Setting } = {}): Split<E> {
  const { fraction = 0.1, seed = 0, setting = 'zero-shot' } = opts;
  checkFraction(fraction);
  if (examples.length < 2) throw new AttnError('E_INPUT', `validationSplit: ${examples.length} example(s) cannot be split`);
  const task = examples[0].task;
  if (task === 'sst2') return sst2Split(examples as unknown as Sst2Example[], fraction, seed) as unknown as Split<E>;
  if (task === 'wic') return { ...groupSplit(examples, (e) => (e as { word: string }).word.toLowerCase(), fraction, seed), dropped: 0 };
  const { train, val } = groupSplit(examples, (e) => (e as { mwe: string }).mwe.toLowerCase(), fraction, seed);
  if (setting === 'zero-shot') return { train, val, dropped: 0 };
  // One-shot: the first example of each label of each held-out expression joins training.
  const shot = new Set<string>(), stay: E[] = [];
  for (const e of val) {
    const k = `${(e as { mwe: string }).mwe.toLowerCase()}\t${e.label}`;
    if (shot.has(k)) stay.push(e);
    else {
      shot.add(k);
      train.push(e);
    }
  }
  return { train, val: stay, dropped: 0 };
}
