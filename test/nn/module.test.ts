// Module basics: PyTorch parameter names, train/eval propagation, and loadStateDict's validation
// (missing, unexpected and shape-mismatched names, strict and not, nothing copied on error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, zeros, full, TransformerEncoderLayer, TransformerEncoder, Embedding, Linear, AttnError, type Tensor } from '../../src/index.js';

const layer = () => new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, rng: new Rng(0) });

test('encoder layer parameters carry PyTorch names, shapes and order', async () => {
  const names = [...layer().namedParameters()].map(([k, v]) => `${k} (${v.shape.join(', ')})`);
  assert.deepEqual(names, [
    'self_attn.in_proj_weight (24, 8)', 'self_attn.in_proj_bias (24)', 'self_attn.out_proj.weight (8, 8)', 'self_attn.out_proj.bias (8)',
    'linear1.weight (16, 8)', 'linear1.bias (16)', 'linear2.weight (8, 16)', 'linear2.bias (8)',
    'norm1.weight (8)', 'norm1.bias (8)', 'norm2.weight (8)', 'norm2.bias (8)',
  ]);
  const enc = new TransformerEncoder(8, 2, 2, { dimFeedforward: 16, positional: 'learned', maxLen: 10, norm: true });
  const keys = [...enc.namedParameters().keys()];
  assert.equal(keys[0], 'positional.weight');
  assert.ok(keys.includes('layers.1.self_attn.out_proj.bias') && keys.at(-1) === 'norm.bias');
  assert.equal(enc.parameters().length, 1 + 2 * 12 + 2);
});

test('train() and eval() reach every sub-layer', async () => {
  const l = layer();
  l.eval();
  assert.equal(l.selfAttn.training || l.dropout1.training || l.dropout.training || l.norm2.training, false);
  l.train();
  assert.equal(l.selfAttn.outProj.training && l.dropout.training, true);
});

test('loadStateDict copies by name into the live tensors (stateDict round trip)', async () => {
  const a = layer(), b = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, rng: new Rng(1) });
  const w = b.linear1.weight;
  b.loadStateDict(a.stateDict());
  assert.equal(b.linear1.weight, w, 'same tensor object, new values');
  for (const [name, t] of a.stateDict()) assert.deepEqual(Array.from(await b.stateDict().get(name)!.data()), Array.from(await t.data()), name);
  const rec: Record<string, Tensor> = Object.fromEntries(a.stateDict());
  assert.deepEqual(b.loadStateDict(rec), { missing: [], unexpected: [] });
});

test('loadStateDict errors name the missing, unexpected and mis-shaped tensors, and copy nothing', async () => {
  const l = new Linear(3, 2, { rng: new Rng(0) });
  const before = Array.from(await l.weight.data());
  const isErr = (code: string, re: RegExp) => (e: unknown) => e instanceof AttnError && e.code === code && re.test(e.message);
  assert.throws(() => l.loadStateDict({ weight: zeros([2, 3]) }), isErr('E_INPUT', /missing 1 \(bias\).*expected exactly: weight, bias/));
  assert.throws(() => l.loadStateDict({ weight: zeros([2, 3]), bias: zeros([2]), extra: zeros([1]) }), isErr('E_INPUT', /unexpected 1 \(extra\)/));
  assert.throws(() => l.loadStateDict({ weight: zeros([3, 2]), bias: zeros([2]) }), isErr('E_SHAPE', /'weight' is \(3, 2\) in the state dict but \(2, 3\) in the module/));
  assert.deepEqual(Array.from(await l.weight.data()), before);
  const r = l.loadStateDict({ weight: full([2, 3], 7), extra: zeros([1]) }, { strict: false });
  assert.deepEqual(r, { missing: ['bias'], unexpected: ['extra'] });
  assert.ok((await l.weight.data()).every((v) => v === 7));
  assert.throws(() => l.loadStateDict({ weight: zeros([3, 3]), bias: zeros([2]) }, { strict: false }), isErr('E_SHAPE', /weight/));
});

test('a frozen pre-trained embedding is listed but never gets a gradient', async () => {
  const table = full([4, 3], 1);
  const frozen = Embedding.fromPretrained(table);
  assert.equal(frozen.weight, table);
  assert.equal(frozen.weight.requiresGrad, false);
  assert.deepEqual([...frozen.namedParameters().keys()], ['weight']);
  assert.equal(Embedding.fromPretrained(table, { freeze: false }).weight.requiresGrad, true);
});
