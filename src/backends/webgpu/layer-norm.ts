// webgpu fused kernels: layer norm over the last axis of a contiguous (rows, C) x and its backward, the js oracle's
// arithmetic (src/backends/js/layer-norm.ts) in f32. Forward and dx: one workgroup per row, the threads striding
// along it and summing in workgroup memory (two passes: the mean, then the variance of the centred row).
// dweight and dbias: one thread per column, summing over the rows in order. Weight and bias absent: 1 and 0.
import { WG, grid } from './_map.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

type Flat = { buf: GpuBuffer; offset: number };

/** total(v, i): the sum of every thread's v, the same in each; the leading barrier lets earlier readers finish. */
const TOTAL = `
var<workgroup> red: array<f32, ${WG}>;
fn total(v: f32, i: u32) -> f32 {
  workgroupBarrier();
  red[i] = v;
  for (var s = ${WG / 2}u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (i < s) { red[i] += red[i + s]; }
  }
  return workgroupUniformLoad(&red[0]);
}`;

const scale = (w: boolean, at: string) => (w ? `ld_w(pu(W) + ${at})` : '1.0');

/** out = (x − mean)·rstd·weight + bias; mean and rstd (rows) saved. */
export function layerNorm(x: Flat, w: Flat | null, b: Flat | null, out: Flat, mean: Flat, rstd: Flat, rows: number, C: number, eps: number): Launch {
  const body = () => `${TOTAL}
const W = 6u;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let rows = pu(0u); let C = pu(1u); let eps = pf(8u);
  for (var r = wg.x; r < rows; r += nw.x) {
    let xb = pu(2u) + r * C; let ob = pu(3u) + r * C;
    var s = 0.0;
    for (var j = l.x; j < C; j += ${WG}u) { s += ld_x(xb + j); }
    let mu = total(s, l.x) / f32(C);
    var ss = 0.0;
    for (var j = l.x; j < C; j += ${WG}u) { let d = ld_x(xb + j) - mu; ss += d * d; }
    let rs = 1.0 / sqrt(total(ss, l.x) / f32(C) + eps);
    for (var j = l.x; j < C; j += ${WG}u) {
      st_out(ob + j, (ld_x(xb + j) - mu) * rs * ${scale(!!w, 'j')} + ${b ? 'ld_b(pu(7u) + j)' : '0.0'});
    }
    if (l.x == 0u) { st_mean(pu(4u) + r, mu); st_rstd(pu(5u) + r, rs); }
  }
}`;
  const operands: Record<string, GpuBuffer> = { x: x.buf, out: out.buf, mean: mean.buf, rstd: rstd.buf };
  if (w) operands.w = w.buf;
  if (b) operands.b = b.buf;
  const params = new Params().u(rows, C, x.offset, out.offset, mean.offset, rstd.offset, w?.offset ?? 0, b?.offset ?? 0).f(eps);
  return { key: `layerNorm:${w ? 'w' : ''}${b ? 'b' : ''}`, body, operands, params, groups: [Math.min(rows, 65535)] };
}

/** dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = dy·weight, x̂ = (x − mean)·rstd; then dweight = Σ dy·x̂ and dbias = Σ dy. */
export function layerNormBackward(x: Flat, w: Flat | null, mean: Flat, rstd: Flat, dy: Flat, dx: Flat, dw: Flat | null, db: Flat | null,
  rows: number, C: number): Launch[] {
  const params = new Params().u(rows, C, x.offset, dy.offset, mean.offset, rstd.offset, dx.offset, w?.offset ?? 0, dw?.offset ?? 0, db?.offset ?? 0);
  const rowBody = () => `${TOTAL}
const W = 7u;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let rows = pu(0u); let C = pu(1u);
  for (var r = wg.x; r < rows; r += nw.x) {
    let xb = pu(2u) + r * C; let gb = pu(3u) + r * C; let ob = pu(6u) + r * C;
    let mu = ld_mean(pu(4u) + r); let rs = ld_rstd(pu(5u) + r);
    var sg = 0.0; var sgx = 0.0;
    for (var j = l.x; j < C; j += ${WG}u) {
      let g = ld_dy(gb + j) * ${scale(!!w, 'j')};
      sg += g; sgx += g * (ld_x(xb + j) - mu) * rs;
    }
    let mg = total(sg, l.x) / f32(C);
    let mgx = total(sgx, l.x) / f32(C);
    for (var j = l.x; j < C; j += ${WG}u) {
      let xh = (ld_x(xb + j) - mu) * rs;
      st_dx(ob + j, rs * (ld_dy(gb + j) * ${scale(!!w, 'j')} - mg - xh * mgx));
    }
  }
}`;
  const rowOps: Record<string, GpuBuffer> = { x: x.buf, dy: dy.buf, mean: mean.buf, rstd: rstd.buf, dx: dx.buf };
  if (w) rowOps.w = w.buf;
  const launches: Launch[] = [{ key: `layerNormBackward:${w ? 'w' : ''}`, body: rowBody, operands: rowOps, params, groups: [Math.min(rows, 65535)] }];
  if (!dw && !db) return launches;
  const colBody = () => `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gi: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let rows = pu(0u); let C = pu(1u);
  for (var j = gi.x; j < C; j += nw.x * ${WG}u) {
    var sw = 0.0; var sb = 0.0;
    for (var r = 0u; r < rows; r++) {
      let g = ld_dy(pu(3u) + r * C + j);
      sw += g * (ld_x(pu(2u) + r * C + j) - ld_mean(pu(4u) + r)) * ld_rstd(pu(5u) + r);
      sb += g;
    }
    ${dw ? 'st_dw(pu(8u) + j, sw);' : ''}
    ${db ? 'st_db(pu(9u) + j, sb);' : ''}
  }
}`;
  const colOps: Record<string, GpuBuffer> = { x: x.buf, dy: dy.buf, mean: mean.buf, rstd: rstd.buf };
  if (dw) colOps.dw = dw.buf;
  if (db) colOps.db = db.buf;
  launches.push({ key: `layerNormParams:${dw ? 'w' : ''}${db ? 'b' : ''}`, body: colBody, operands: colOps, params, groups: grid(C) });
  return launches;
}
