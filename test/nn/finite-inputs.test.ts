// The layers refuse NaN/±Infinity where it enters, as selfAttention does (README, "NaN policy"): an E_INPUT
// error naming the layer, the argument and the first bad element; `checkFinite: false` turns it off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, memory, tidy, MultiheadAttention, TransformerEncoderLayer, TransformerEncoder, AttnError, type Tensor,
} from '../../src/index.js';
import { setValue } from '../../src/testing/index.js';

const withBad = (shape: number[], at: number, v: number, seed = 1): Tensor => {
  const t = randn(shape, new Rng(seed));
  setValue(t, at, v);
  return t;
};
const refused = (re: RegExp) => (e: unknown) => e instanceof AttnError && e.code === 'E_INPUT' && re.test(e.message);

test('MultiheadAttention: NaN or ±Infinity in query, key or value is an error naming the argument and where', () => {
  const mha = new MultiheadAttention(4, 2, { rng: new Rng(0) });
  const ok = randn([2, 3, 4], new Rng(2));
  const bad = withBad([2, 3, 4], 1 * 12 + 2 * 4 + 3, NaN); // [1, 2, 3]
  assert.throws(() => mha.forward(bad), refused(/^MultiheadAttention: query \(2, 3, 4\) holds NaN at \[1, 2, 3\]; inputs must be finite/));
  assert.throws(() => mha.forward(ok, withBad([2, 5, 4], 0, Infinity), randn([2, 5, 4], new Rng(3))), refused(/key \(2, 5, 4\) holds Infinity at \[0, 0, 0\]/));
  assert.throws(() => mha.forward(ok, ok, withBad([2, 3, 4], 5, -Infinity)), refused(/value \(2, 3, 4\) holds -Infinity at \[0, 1, 1\]/));
  // unbatched input: the position is given in the caller's shape
  assert.throws(() => mha.eval().forward(withBad([3, 4], 6, NaN)), refused(/query \(3, 4\) holds NaN at \[1, 2\]/));
  // finite input passes, in training mode and in eval mode
  mha.train();
  assert.ok(mha.forward(ok).outputs.dataSync().every(Number.isFinite));
  // the check can be turned off: NaN then propagates as in any op
  const out = mha.forward(bad, bad, bad, { checkFinite: false }).outputs.dataSync();
  assert.ok(out.some(Number.isNaN));
});

test('TransformerEncoderLayer and TransformerEncoder: a non-finite input is refused, once, by the outer layer', () => {
  const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0, rng: new Rng(0) });
  const bad = withBad([1, 3, 4], 7, NaN);
  assert.throws(() => layer.forward(bad), refused(/^TransformerEncoderLayer: x \(1, 3, 4\) holds NaN at \[0, 1, 3\]/));
  assert.throws(() => layer.forwardWithWeights(bad), refused(/TransformerEncoderLayer: x/));
  for (const normFirst of [false, true]) {
    const l = new TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0, normFirst, rng: new Rng(0) });
    assert.throws(() => l.forward(withBad([1, 3, 4], 0, Infinity)), refused(/holds Infinity at \[0, 0, 0\]/));
  }
  const enc = new TransformerEncoder(4, 2, 2, { dimFeedforward: 8, dropout: 0, rng: new Rng(0) });
  assert.throws(() => enc.forward(bad), refused(/^TransformerEncoder: x \(1, 3, 4\) holds NaN/));
  assert.ok(enc.forward(randn([1, 3, 4], new Rng(5))).dataSync().every(Number.isFinite));
  assert.ok(enc.forward(bad, { checkFinite: false }).dataSync().some(Number.isNaN));
});

test('the check frees what it makes: a forward under tidy leaves memory as it was', () => {
  const mha = new MultiheadAttention(4, 2, { rng: new Rng(0) });
  const x = randn([2, 3, 4], new Rng(2));
  const before = memory().js;
  tidy(() => { mha.forward(x); });
  assert.deepEqual(memory().js, before);
});

test('NaN is not a mask: a non-finite keyPaddingMask, attnMask or srcKeyPaddingMask is refused (it used to count as masked)', () => {
  const mha = new MultiheadAttention(4, 2, { rng: new Rng(0) });
  const x = randn([1, 3, 4], new Rng(2));
  const nanMask = withBad([1, 3], 1, NaN, 4);
  assert.throws(() => mha.forward(x, x, x, { keyPaddingMask: nanMask }), refused(/keyPaddingMask \(1, 3\) holds NaN at \[0, 1\]; a mask holds 0 or 1 \(1 = masked out\)/));
  assert.throws(() => mha.forward(x, x, x, { attnMask: withBad([3, 3], 4, -Infinity, 5) }), refused(/attnMask \(3, 3\) holds -Infinity at \[1, 1\]/));
  const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0, rng: new Rng(0) });
  assert.throws(() => layer.forward(x, { srcKeyPaddingMask: nanMask }), refused(/TransformerEncoderLayer: srcKeyPaddingMask/));
  const enc = new TransformerEncoder(4, 2, 1, { dimFeedforward: 8, dropout: 0, rng: new Rng(0) });
  assert.throws(() => enc.forward(x, { srcMask: withBad([3, 3], 0, NaN, 6) }), refused(/TransformerEncoder: srcMask/));
});
