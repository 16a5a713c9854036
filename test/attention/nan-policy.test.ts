// The NaN policy (README, "NaN policy"): NaN is refused where it enters and never passes for a mask; scores that
// would overflow are refused before they are computed; the CLI never prints a non-finite number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selfAttention, softmax, tensor, AttnError } from '../../src/index.js';
import { attn } from '../cli/_run.js';

test('softmax: a row of NaN is NaN (not "fully masked"); a row of -Infinity is zeros', async () => {
  const y = await softmax(tensor([[NaN, NaN], [1, NaN], [-Infinity, -Infinity], [0, 0]])).data();
  assert.ok([0, 1, 2, 3].every((i) => Number.isNaN(y[i])), `NaN rows: ${[...y.slice(0, 4)]}`);
  assert.deepEqual([...y.slice(4)], [0, 0, 0.5, 0.5]);
});

test('selfAttention: NaN input and overflowing scores are errors, not NaN weights (checked on the backend)', async () => {
  await assert.rejects(selfAttention(tensor([[1, NaN], [0, 1]])), (e: unknown) => e instanceof AttnError && /contain NaN at row 0, column 1/.test(e.message));
  await assert.rejects(selfAttention(tensor([[1, 2], [3, 4]]), { temperature: 1e-45 }), (e: unknown) => e instanceof AttnError && e.code === 'E_INPUT' && /the scores overflow float32/.test(e.message));
  await assert.rejects(selfAttention(tensor([[3e19, 0], [0, 1]])), /the scores overflow float32/);
  const ok = await selfAttention(tensor([[1, 2], [3, 4]]), { temperature: 1e-30 }); // large but finite scores are fine
  assert.ok((await ok.weights.data()).every(Number.isFinite));
});

test('attn attend --temperature 1e-45: exit 1 with one line, nothing on stdout (was null with exit 0)', () => {
  for (const extra of [[], ['--json']]) {
    const r = attn(['attend', 'money bank grows', '--temperature', '1e-45', ...extra]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /the scores overflow float32/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});
