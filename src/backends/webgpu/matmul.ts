// webgpu kernel: batched matmul with transpose flags and broadcast batch dims, tiled through workgroup memory:
// each 16×16 workgroup stages a 16×16 tile of a and of b per step along k, so every value loaded from storage is
// used 16 times. The transposes are compile-time variants (pipeline key), batch offsets come from the host.
import type { MatmulArgs } from '../../primitives.js';
import { AttnError } from '../../errors.js';
import { batchOffsets } from '../js/matmul.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

const TILE = 16;

interface Flat {
  buf: GpuBuffer;
  offset: number;
}

export function matmul(a: Flat, b: Flat, out: Flat, args: MatmulArgs): Launch {
  const { m, k, n, transA, transB } = args;
  const aOff = batchOffsets(args.aBatch, args.outBatch), bOff = batchOffsets(args.bBatch, args.outBatch);
  const nb = aOff.length;
  const gx = Math.ceil(n / TILE), gy = Math.ceil(m / TILE);
  if (gx > 65535 || gy > 65535) throw new AttnError('E_UNSUPPORTED', `webgpu matmul: (${m}, ${k}) · (${k}, ${n}) needs more than 65535 tiles along a side`);
  const params = new Params().u(m, k, n, a.offset, b.offset, out.offset, nb);
  params.list(aOff.map((o) => o * m * k)).list(bOff.map((o) => o * k * n));
  // a[i, p] and b[p, j] as stored: (m, k) or (k, m) for a, (k, n) or (n, k) for b.
  const A = transA ? 'ld_a(ao + p * m + i)' : 'ld_a(ao + i * k + p)';
  const B = transB ? 'ld_b(bo + j * k + p)' : 'ld_b(bo + p * n + j)';
  const body = () => `
var<workgroup> As: array<f32, ${TILE * TILE}>;
var<workgroup> Bs: array<f32, ${TILE * TILE}>;
@compute @workgroup_size(${TILE}, ${TILE})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let m = pu(0u); let k = pu(1u); let n = pu(2u); let nb = pu(6u);
  let row = wg.y * ${TILE}u + l.y;
  let col = wg.x * ${TILE}u + l.x;
  for (var bt = wg.z; bt < nb; bt += nw.z) {
    let ao = pu(3u) + pu(7u + bt);
    let bo = pu(4u) + pu(7u + nb + bt);
    var acc = 0.0;
    for (var t = 0u; t < k; t += ${TILE}u) {
      var av = 0.0; var bv = 0.0;
      { let i = row; let p = t + l.x; if (i < m && p < k) { av = ${A}; } }
      { let j = col; let p = t + l.y; if (p < k && j < n) { bv = ${B}; } }
      As[l.y * ${TILE}u + l.x] = av;
      Bs[l.y * ${TILE}u + l.x] = bv;
      workgroupBarrier();
      for (var p = 0u; p < ${TILE}u; p++) { acc += As[l.y * ${TILE}u + p] * Bs[p * ${TILE}u + l.x]; }
      workgroupBarrier();
    }
    if (row < m && col < n) { st_out(pu(5u) + bt * m * n + row * n + col, acc); }
  }
}`;
  return { key: `matmul:${transA ? 't' : 'n'}${transB ? 't' : 'n'}`, body, operands: { a: a.buf, b: b.buf, out: out.buf }, params, groups: [gx, gy, Math.min(nb, 65535)] };
}
