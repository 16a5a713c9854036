// `attn attend … --png FILE`: a valid PNG (signature, IHDR, IDAT that inflates to exactly height × (1 + width × 4)
// bytes) of the SVG heatmap at twice its size, with the viridis colour bar really drawn, written atomically after
// the path was checked up front. Without the optional @resvg/resvg-js, a clear error naming it and no file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { attn } from './_run.js';

const dir = mkdtempSync(join(tmpdir(), 'attn-png-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const RESVG = '@resvg/resvg-js';
const installed = await import(RESVG).then(() => true, () => false);

/** The chunks of a PNG file, after checking its signature. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'the PNG signature');
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    out.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + len) });
    at += 12 + len;
  }
  return out;
}

test('attend --png writes a valid PNG of the heatmap at twice the SVG size, the colour bar drawn', { skip: !installed && `${RESVG} is not installed (an optional dependency)` }, () => {
  const png = join(dir, 'bank.png'), svg = join(dir, 'bank.svg');
  const r = attn(['attend', 'money bank grows', '--png', png, '--svg', svg, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /wrote .*bank\.png \(3×3 weights\)/);
  const bytes = readFileSync(png);
  assert.ok(bytes.length > 5_000 && bytes.length < 2e6, `${bytes.length} bytes`);
  const parts = chunks(bytes);
  assert.equal(parts[0].type, 'IHDR');
  assert.equal(parts.at(-1)!.type, 'IEND');
  const width = parts[0].data.readUInt32BE(0), height = parts[0].data.readUInt32BE(4);
  const [, svgW, svgH] = /<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(readFileSync(svg, 'utf8'))!.map(Number);
  assert.ok(Math.abs(width - 2 * svgW) <= 1 && Math.abs(height - 2 * svgH) <= 1, `${width}×${height} for an SVG of ${svgW}×${svgH}`);
  assert.deepEqual([parts[0].data[8], parts[0].data[9]], [8, 6], '8-bit RGBA');
  const raw = inflateSync(Buffer.concat(parts.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  assert.equal(raw.length, height * (1 + width * 4));
  // Undo the per-row filters (PNG spec 9.2), then look for viridis's two ends: the colour bar is really drawn.
  const px = Buffer.alloc(height * width * 4), stride = width * 4;
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? px[y * stride + i - 4] : 0, b = y > 0 ? px[(y - 1) * stride + i] : 0, c = i >= 4 && y > 0 ? px[(y - 1) * stride + i - 4] : 0;
      const p = a + b - c, pred = [0, a, b, (a + b) >> 1, Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c][f];
      px[y * stride + i] = (line[i] + pred) & 255;
    }
  }
  const has = ([r0, g0, b0]: number[]) => {
    for (let k = 0; k < px.length; k += 4) if (Math.abs(px[k] - r0) + Math.abs(px[k + 1] - g0) + Math.abs(px[k + 2] - b0) < 12) return true;
    return false;
  };
  assert.ok(has([253, 231, 37]) && has([68, 1, 84]), "viridis's yellow and purple ends are in the image");
  assert.ok(has([255, 255, 255]), 'a white background');
});

test('--png: refused with --file, --model, --tiles or a bad path before any work; without resvg, a clear error and no file', () => {
  mkdirSync(join(dir, 'a-folder'));
  for (const [args, code, re] of [
    [['attend', '--file', '-', '--png', join(dir, 'x.png')], 2, /--png draws one sentence/],
    [['attend', 'money bank grows', '--model', 'sst2', '--png', join(dir, 'x.png')], 2, /--png draws the parameter-free weights/],
    [['attend', 'money bank grows', '--tiles', '2', '--png', join(dir, 'x.png')], 2, /--png draws the weights heatmap; leave out --tiles/],
    [['attend', 'money bank grows', '--png', join(dir, 'a-folder')], 1, /--png .*a-folder: cannot be written \(it is a folder\)/],
    [['attend', 'money bank grows', '--png', join(dir, 'same'), '--svg', join(dir, 'same')], 2, /--svg and --png name the same file/],
  ] as const) {
    const r = attn([...args], { input: '' });
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
  }
  if (installed) return;
  const r = attn(['attend', 'money bank grows', '--png', join(dir, 'missing.png')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--png needs the optional dependency @resvg\/resvg-js, which is not installed/);
  assert.match(r.stderr, /npm install @resvg\/resvg-js/);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.ok(!existsSync(join(dir, 'missing.png')) && readdirSync(dir).every((f) => !f.includes('.tmp-')));
});
