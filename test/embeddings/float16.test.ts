// float16 codec: known bit patterns, ties to even, subnormals, overflow, and every half round-tripping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toFloat16Bits, fromFloat16Bits, encodeFloat16, decodeFloat16 } from '../../src/embeddings/index.js';

test('known values encode to their IEEE 754 half bit patterns', () => {
  const cases: [number, number][] = [
    [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [65504, 0x7bff],
    [Math.fround(0.1), 0x2e66], [Math.fround(1 / 3), 0x3555], [2 ** -14, 0x0400], [2 ** -24, 0x0001],
    [Infinity, 0x7c00], [-Infinity, 0xfc00], [1e6, 0x7c00], [-1e6, 0xfc00],
  ];
  for (const [x, bits] of cases) assert.equal(toFloat16Bits(x), bits, `toFloat16Bits(${x})`);
  assert.equal(toFloat16Bits(NaN) & 0x7c00, 0x7c00);
  assert.ok(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN))));
});

test('rounding is to nearest, ties to even', () => {
  assert.equal(toFloat16Bits(1 + 2 ** -11), 0x3c00, 'halfway between 1 and the next half: down to even');
  assert.equal(toFloat16Bits(1 + 3 * 2 ** -11), 0x3c02, 'halfway between 0x3c01 and 0x3c02: up to even');
  assert.equal(toFloat16Bits(1 + 2 ** -11 + 2 ** -20), 0x3c01, 'just above halfway: up');
  assert.equal(toFloat16Bits(65520), 0x7c00, 'halfway between 65504 and 65536 rounds to even: Infinity');
  assert.equal(toFloat16Bits(65519), 0x7bff);
  assert.equal(toFloat16Bits(2 ** -25), 0x0000, 'half of the smallest subnormal: ties to 0');
  assert.equal(toFloat16Bits(3 * 2 ** -25), 0x0002, '1.5 × smallest subnormal: ties to even 2');
  assert.equal(toFloat16Bits(2 ** -25 + 2 ** -40), 0x0001);
  assert.equal(toFloat16Bits(2 ** -14 - 2 ** -25), 0x0400, 'rounds up from the largest subnormal into the normals');
});

test('every finite half decodes exactly and encodes back to itself', () => {
  for (let h = 0; h < 65536; h++) {
    const x = fromFloat16Bits(h);
    if (Number.isNaN(x)) continue;
    assert.equal(toFloat16Bits(x), h, `0x${h.toString(16)}`);
  }
  assert.equal(fromFloat16Bits(0x7bff), 65504);
  assert.equal(fromFloat16Bits(0x0001), 2 ** -24);
  assert.equal(fromFloat16Bits(0xfc00), -Infinity);
});

test('array codec equals the scalar one and the error is within half an ulp', () => {
  const values = Float32Array.from({ length: 10000 }, (_, i) => Math.fround(Math.sin(i) * 3));
  const bits = encodeFloat16(values);
  const back = decodeFloat16(bits);
  for (let i = 0; i < values.length; i++) {
    assert.equal(bits[i], toFloat16Bits(values[i]));
    assert.equal(back[i], fromFloat16Bits(bits[i]));
    const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(values[i]), 2 ** -14))) - 10);
    assert.ok(Math.abs(back[i] - values[i]) <= ulp / 2, `${values[i]} → ${back[i]}`);
  }
});
