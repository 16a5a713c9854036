// Checkpoints interoperate with PyTorch by name: a torch.nn.TransformerEncoderLayer state_dict saved as safetensors
// (scripts/fixtures/make_checkpoint_fixtures.py) loads into attnlab's layer and gives PyTorch's outputs; a file
// written by attnlab carries exactly PyTorch's names and shapes. (That PyTorch loads attnlab's file is checked by
// the same script's --check, run by hand: see docs/training.md.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint, saveCheckpoint, readSafetensorsHeader, TransformerEncoderLayer, Rng, type Activation } from '../../src/index.js';
import { fromFixture, assertClose, writeValues } from '../../src/testing/index.js';
import { repoRoot } from '../fixtures-dir.js';

const dir = join(repoRoot, 'test/fixtures/checkpoints/torch_encoder_layer');
const files = { 'model.safetensors': readFileSync(join(dir, 'model.safetensors')), 'config.json': readFileSync(join(dir, 'config.json'), 'utf8') };
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

/** Build the layer a PyTorch-style config.json describes. */
const build = (c: Record<string, unknown>) =>
  new TransformerEncoderLayer(c.d_model as number, c.nhead as number, {
    dimFeedforward: c.dim_feedforward as number, activation: c.activation as Activation, layerNormEps: c.layer_norm_eps as number,
    normFirst: c.norm_first as boolean, dropout: 0, rng: new Rng(99),
  });

test('a PyTorch TransformerEncoderLayer state_dict (safetensors) loads by name and gives PyTorch’s outputs', async () => {
  const { module, missing, unexpected } = loadCheckpoint(files, build);
  assert.deepEqual([missing, unexpected], [[], []]);
  assertClose(await module.forward(fromFixture(expected.x)).data(), await fromFixture(expected.outputs).data(), { atol: 1e-4, rtol: 1e-4, name: 'outputs' });
});

test('an attnlab-written checkpoint has PyTorch’s names and shapes, and loads back into a fresh layer', async () => {
  const layer = build(JSON.parse(files['config.json']));
  const mine = await saveCheckpoint(layer, JSON.parse(files['config.json']));
  const shapes = (b: Uint8Array) => Object.fromEntries(readSafetensorsHeader(b).entries.map((e) => [e.name, e.shape]));
  assert.deepEqual(Object.keys(shapes(mine['model.safetensors'])).sort(), [...expected.names].sort());
  assert.deepEqual(shapes(mine['model.safetensors']), shapes(files['model.safetensors']));
  const back = loadCheckpoint(mine, (c) => {
    const l = build(c);
    for (const p of l.parameters()) writeValues(p, new Float64Array(p.size));
    return l;
  }).module;
  const x = fromFixture(expected.x);
  assertClose(await back.forward(x).data(), await layer.forward(x).data(), { atol: 0, rtol: 0, name: 'outputs after the round trip' });
});
