// Private: the elementwise kernel that unary, binary, where and copy share. out[i] = f(a, b, c at i) over
// out's shape, every operand addressed through its own offset and strides (stride 0 on a broadcast axis), so
// views and broadcasts need no copy. Contiguous operands take a flat variant that skips the index arithmetic.
import { AttnError } from '../../errors.js';
import { stridesOf } from '../../shape.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

export interface Operand {
  buf: GpuBuffer;
  offset: number;
  strides: readonly number[];
}

/** Threads per workgroup of the one-dimensional kernels, and their grid: grid-stride loops cover the rest. */
export const WG = 256;
export const grid = (n: number): [number] => [Math.min(Math.ceil(n / WG), 65535)];

/** NaN/infinity tests on the bits, and exp with NaN kept: a shader compiler may assume finite floats and fold `x != x` away. The
 *  constants sit in private variables: WGSL rejects a constant expression that evaluates to inf or NaN. */
export const FLOAT_BITS = `
var<private> INF_BITS: u32 = 0x7f800000u;
var<private> NAN_BITS: u32 = 0x7fc00000u;
fn isnan_(x: f32) -> bool { let u = bitcast<u32>(x); return (u & 0x7f800000u) == 0x7f800000u && (u & 0x007fffffu) != 0u; }
fn finite_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
fn inf_() -> f32 { return bitcast<f32>(INF_BITS); }
fn nan_() -> f32 { return bitcast<f32>(NAN_BITS); }
// SwiftShader's exp(NaN) is +Infinity; Math.exp keeps the NaN.
fn exp_(x: f32) -> f32 { if (isnan_(x)) { return x; } return exp(x); }
`;

const IN = ['a', 'b', 'c'];

/**
 * The launch of `out = expr(a, b, c)` over `shape`; `helpers` holds WGSL functions expr calls.
 * @example mapLaunch('add', 'a + b', '', [x, y], out, [2, 3])
 */
export function mapLaunch(key: string, expr: string, helpers: string, ins: Operand[], out: Operand, shape: readonly number[]): Launch {
  const n = shape.reduce((p, d) => p * d, 1);
  const all = [...ins, out];
  const rowMajor = stridesOf(shape);
  const flat = all.every((o) => o.strides.every((s, d) => s === rowMajor[d] || shape[d] === 1));
  if (all.some((o) => o.strides.some((s) => s < 0))) throw new AttnError('E_UNSUPPORTED', `webgpu ${key}: negative strides`);
  const names = [...IN.slice(0, ins.length), 'out'];
  const operands = Object.fromEntries(all.map((o, k) => [names[k], o.buf]));
  const params = new Params().u(n, shape.length).u(...all.map((o) => o.offset));
  if (!flat) {
    params.u(...shape);
    for (const o of all) params.u(...o.strides);
  }
  const K = all.length, R = 2 + K; // parameter layout: n, rank, offsets[K], shape[rank], strides[K][rank]
  const index = flat
    ? names.map((nm, k) => `let o_${nm} = pu(${2 + k}u) + i;`).join('\n    ')
    : `${names.map((nm, k) => `var o_${nm} = pu(${2 + k}u);`).join(' ')}
    var rem = i;
    for (var d = rank; d > 0u; d--) {
      let ax = d - 1u;
      let dim = pu(${R}u + ax);
      let at = rem % dim;
      rem = rem / dim;
      ${names.map((nm, k) => `o_${nm} += at * pu(${R}u + rank * ${k + 1}u + ax);`).join(' ')}
    }`;
  const body = () => `${FLOAT_BITS}${helpers}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let n = pu(0u);
  let rank = pu(1u);
  for (var i = g.x; i < n; i += nw.x * ${WG}u) {
    ${index}
    ${IN.slice(0, ins.length).map((nm) => `let ${nm} = ld_${nm}(o_${nm});`).join(' ')}
    st_out(o_out, ${expr});
  }
}`;
  return { key: `map:${key}:${flat ? 'flat' : 'strided'}`, body, operands, params, groups: grid(n) };
}

/** A contiguous tensor as an operand over `shape` (its own shape, broadcast to it by `strides`). */
export const contiguous = (buf: GpuBuffer, offset: number, shape: readonly number[]): Operand => ({ buf, offset, strides: stridesOf(shape) });
