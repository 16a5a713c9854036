// Every registered op must pass a float64 finite-difference gradient check on its declared sample;
// an op without a sample fails the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registeredOps } from '../../src/index.js';
import { gradcheckOp } from '../../src/testing/index.js';
import '../../src/all-ops.js';

const ops = registeredOps();
test('there are registered ops', () => assert.ok(ops.length >= 20, `only ${ops.length} ops registered`));
for (const op of ops) {
  test(`gradcheck ${op.name}`, () => {
    const r = gradcheckOp(op);
    assert.ok(r.ok, `${op.name}: ${r.message}`);
  });
}
