// OpenBLAS 0.3.21 (Debian's, under PyTorch 1.13) does not recognise these CPUs and falls back to slow SSE3
// kernels; naming the core type selects its fast ones: SkylakeX (AVX-512) where the CPU has AVX-512, else
// Haswell (AVX2 + FMA). Passing SkylakeX on a CPU without AVX-512 kills Python with SIGILL.
import { readFileSync } from 'node:fs';

export function openblasCoreType(): string {
  let flags = '';
  try {
    flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '';
  } catch { /* not Linux: let OpenBLAS choose */ }
  return / avx512f( |$)/.test(flags) ? 'SkylakeX' : 'Haswell';
}

/** The environment for a PyTorch peer process. */
export const torchEnv = (): NodeJS.ProcessEnv => ({ ...process.env, OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE ?? openblasCoreType() });
