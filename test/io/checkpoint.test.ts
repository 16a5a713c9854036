// saveCheckpoint / loadCheckpoint with a minimal module: the two files, config round trip, strict and lenient
// loading with missing / unexpected names reported, and a bad config.json.
import { test } from 'node:test';
import { setValue, writeValues } from '../../src/testing/index.js';
import assert from 'node:assert/strict';
import { saveCheckpoint, loadCheckpoint, readSafetensorsHeader, zeros, assign, noGrad, AttnError, type Tensor } from '../../src/index.js';

// Two parameters by PyTorch-style names; loadStateDict copies the ones it knows.
function tiny(names = ['proj.weight', 'proj.bias']) {
  const params = new Map<string, Tensor>(names.map((n) => [n, zeros([2])]));
  return {
    params,
    stateDict: () => params,
    loadStateDict(state: Map<string, Tensor>, { strict = true } = {}) {
      const missing = [...params.keys()].filter((k) => !state.has(k));
      const unexpected = [...state.keys()].filter((k) => !params.has(k));
      if (strict && (missing.length || unexpected.length)) throw new AttnError('E_INPUT', `missing ${missing}; unexpected ${unexpected}`);
      for (const [k, p] of params) if (state.has(k)) noGrad(() => assign(p, state.get(k)!)); // a kernel copy
      return { missing, unexpected };
    },
  };
}

test('saveCheckpoint writes model.safetensors (names as given, format pt) and config.json', async () => {
  const m = tiny();
  writeValues(m.params.get('proj.weight')!, [1, 2]);
  const files = await saveCheckpoint(m, { dModel: 2 });
  const h = readSafetensorsHeader(files['model.safetensors']);
  assert.deepEqual(h.metadata, { format: 'pt' });
  assert.deepEqual(h.entries.map((e) => e.name).sort(), ['proj.bias', 'proj.weight']);
  assert.deepEqual(JSON.parse(files['config.json']), { dModel: 2 });

  const { module, config } = loadCheckpoint(files, (c) => {
    assert.equal(c.dModel, 2);
    return tiny();
  });
  assert.deepEqual(config, { dModel: 2 });
  assert.deepEqual(Array.from(await module.params.get('proj.weight')!.data()), [1, 2]);
});

test('loadCheckpoint reports missing and unexpected names when not strict, and throws when strict', async () => {
  const files = await saveCheckpoint(tiny(['proj.weight', 'extra']), {});
  const r = loadCheckpoint(files, () => tiny(), { strict: false });
  assert.deepEqual([r.missing, r.unexpected], [['proj.bias'], ['extra']]);
  assert.throws(() => loadCheckpoint(files, () => tiny()), AttnError);
});

test('loadCheckpoint refuses a config.json that is not a JSON object', async () => {
  const files = await saveCheckpoint(tiny(), {});
  for (const bad of ['{oops', '[1]']) {
    assert.throws(() => loadCheckpoint({ ...files, 'config.json': bad }, () => tiny()), (e: unknown) => e instanceof AttnError && e.code === 'E_FORMAT');
  }
  assert.throws(() => loadCheckpoint({ ...files, 'model.safetensors': new Uint8Array(3) }, () => tiny()), /safetensors: 3 bytes/);
});
