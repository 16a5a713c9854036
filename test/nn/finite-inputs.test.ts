// The layers refuse NaN/±Infinity where it enters, as selfAttention does (README, "NaN policy"): an E_INPUT
// error naming the layer, the argument and the first bad element; `checkFinite: false` turns it off. Where the
// backend reads synchronously the forward throws; where it reads only asynchronously (js-async, a GPU) the next
// `await t.data()` does (docs/layers.md), so every case here runs under both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, memory, tidy, getBackend, MultiheadAttention, TransformerEncoderLayer, TransformerEncoder, AttnError, type Tensor,
} from '../../src/index.js';
import { setValue } from '../../src/testing/index.js';

const withBad = (shape: number[], at: number, v: number, seed = 1): Tensor => {
  const t = randn(shape, new Rng(seed));
  setValue(t, at, v);
  return t;
};
const refused = (re: RegExp) => (e: unknown) => e instanceof AttnError && e.code === 'E_INPUT' && re.test(e.message);
const readsSync = !!getBackend().readSync;
/** The forward throws (synchronous reads) or the read of its result rejects (asynchronous reads only). */
async function assertRefused(forward: () => Tensor | { outputs: Tensor }, re: RegExp): Promise<void> {
  if (readsSync) return void assert.throws(forward, refused(re));
  const r = forward(); // queues the check, throws nothing
  await assert.rejects(('outputs' in r ? r.outputs : r).data(), refused(re));
}
const values = async (r: Tensor | { outputs: Tensor }) => [...await ('outputs' in r ? r.outputs : r).data()];

test('MultiheadAttention: NaN or ±Infinity in query, key or value is an error naming the argument and where', async () => {
  const mha = new MultiheadAttention(4, 2, { rng: new Rng(0) });
  const ok = randn([2, 3, 4], new Rng(2));
  const bad = withBad([2, 3, 4], 1 * 12 + 2 * 4 + 3, NaN); // [1, 2, 3]
  await assertRefused(() => mha.forward(bad), /^MultiheadAttention: query \(2, 3, 4\) holds NaN at \[1, 2, 3\]; inputs must be finite/);
  await assertRefused(() => mha.forward(ok, withBad([2, 5, 4], 0, Infinity), randn([2, 5, 4], new Rng(3))), /key \(2, 5, 4\) holds Infinity at \[0, 0, 0\]/);
  await assertRefused(() => mha.forward(ok, ok, withBad([2, 3, 4], 5, -Infinity)), /value \(2, 3, 4\) holds -Infinity at \[0, 1, 1\]/);
  // unbatched input: the position is given in the caller's shape
  await assertRefused(() => mha.eval().forward(withBad([3, 4], 6, NaN)), /query \(3, 4\) holds NaN at \[1, 2\]/);
  // finite input passes, in training mode and in eval mode
  mha.train();
  assert.ok((await values(mha.forward(ok))).every(Number.isFinite));
  // the check can be turned off: NaN then propagates as in any op
  assert.ok((await values(mha.forward(bad, bad, bad, { checkFinite: false }))).some(Number.isNaN));
});

test('TransformerEncoderLayer and TransformerEncoder: a non-finite input is refused, once, by the outer layer', async () => {
  const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0, rng: new Rng(0) });
  const bad = withBad([1, 3, 4], 7, NaN);
  await assertRefused(() => layer.forward(bad), /^TransformerEncoderLayer: x \(1, 3, 4\) holds NaN at \[0, 1, 3\]/);
  await assertRefused(() => layer.forwardWithWeights(bad), /TransformerEncoderLayer: x/);
  for (const normFirst of [false, true]) {
    const l = new TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0, normFirst, rng: new Rng(0) });
    await assertRefused(() => l.forward(withBad([1, 3, 4], 0, Infinity)), /holds Infinity at \[0, 0, 0\]/);
  }
  const enc = new TransformerEncoder(4, 2, 2, { dimFeedforward: 8, dropout: 0, rng: new Rng(0) });
  await assertRefused(() => enc.forward(bad), /^TransformerEncoder: x \(1, 3, 4\) holds NaN/);
  assert.ok((await values(enc.forward(randn([1, 3, 4], new Rng(5))))).every(Number.isFinite));
  assert.ok((await values(enc.forward(bad, { checkFinite: false }))).some(Number.isNaN));
});

test('the check frees what it makes: a forward under tidy leaves memory as it was (once read, where reads are async)', async () => {
  const mha = new MultiheadAttention(4, 2, { rng: new Rng(0) });
  const x = randn([2, 3, 4], new Rng(2));
  const name = getBackend().name;
  const before = memory()[name];
  tidy(() => { mha.forward(x); });
  await x.data(); // runs a queued check, if any
  assert.deepEqual(memory()[name], before);
  // a refused input too, disposed by its caller before the check has run (the check holds its values)
  const bad = withBad([2, 3, 4], 0, NaN);
  if (readsSync) assert.throws(() => tidy(() => { mha.forward(bad); }), refused(/query/));
  else tidy(() => { mha.forward(bad); });
  bad.dispose();
  if (!readsSync) await assert.rejects(x.data(), refused(/query \(2, 3, 4\) holds NaN at \[0, 0, 0\]/));
  assert.deepEqual(memory()[name], before);
});

test('NaN is not a mask: a non-finite keyPaddingMask, attnMask or srcKeyPaddingMask is refused (it used to count as masked)', async () => {
  const mha = new MultiheadAttention(4, 2, { rng: new Rng(0) });
  const x = randn([1, 3, 4], new Rng(2));
  const nanMask = withBad([1, 3], 1, NaN, 4);
  await assertRefused(() => mha.forward(x, x, x, { keyPaddingMask: nanMask }), /keyPaddingMask \(1, 3\) holds NaN at \[0, 1\]; a mask holds 0 or 1 \(1 = masked out\)/);
  await assertRefused(() => mha.forward(x, x, x, { attnMask: withBad([3, 3], 4, -Infinity, 5) }), /attnMask \(3, 3\) holds -Infinity at \[1, 1\]/);
  const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0, rng: new Rng(0) });
  await assertRefused(() => layer.forward(x, { srcKeyPaddingMask: nanMask }), /TransformerEncoderLayer: srcKeyPaddingMask/);
  const enc = new TransformerEncoder(4, 2, 1, { dimFeedforward: 8, dropout: 0, rng: new Rng(0) });
  await assertRefused(() => enc.forward(x, { srcMask: withBad([3, 3], 0, NaN, 6) }), /TransformerEncoder: srcMask/);
});

test('asynchronous reads only: the forward throws nothing, the next read of any tensor throws, once; the one after reads', { skip: readsSync && 'the backend reads synchronously: the forward throws (tests above)' }, async () => {
  const mha = new MultiheadAttention(4, 2, { rng: new Rng(0) });
  const ok = randn([1, 3, 4], new Rng(2));
  const out = mha.forward(withBad([1, 3, 4], 2, NaN)).outputs; // no throw: the forward cannot wait for a read
  await assert.rejects(ok.data(), refused(/^MultiheadAttention: query \(1, 3, 4\) holds NaN at \[0, 0, 2\]/));
  assert.ok([...await out.data()].some(Number.isNaN), 'told once; the output itself is what the ops made');
  // two queued forwards, the second one bad: a single read reports it
  mha.forward(ok);
  mha.forward(ok, withBad([1, 3, 4], 11, Infinity, 7), ok);
  await assert.rejects(ok.data(), refused(/key \(1, 3, 4\) holds Infinity at \[0, 2, 3\]/));
  assert.equal((await ok.data()).length, 12);
});
