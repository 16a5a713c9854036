// The backends the conformance suite runs against js: every registered one, plus two test backends made
// from day one — js without fused kernels (ops take their composed paths) and a counting js backend that
// tracks live buffers and fails on use after free.
import { makeJsBackend, registerBackend, listBackends, findBackend, type Backend } from '../../src/index.js';

export interface CountingBackend extends Backend {
  live(): number;
}

/** A js backend that counts live buffers and throws when a kernel touches a freed one. */
export function makeCountingBackend(name = 'js-counting'): CountingBackend {
  const freed = new WeakSet<object>();
  let live = 0;
  const base = makeJsBackend({ name, poison: true, onAlloc: () => void live++, onFree: (b) => { live--; freed.add(b); } });
  const check = (...ts: unknown[]) => {
    for (const t of ts) {
      const buf = (t as { buf?: object } | null)?.buf;
      if (buf && freed.has(buf)) throw new Error(`${name}: a kernel used a freed buffer`);
    }
  };
  const kernels = Object.fromEntries(Object.entries(base.kernels).map(([k, f]) => [k, (...a: unknown[]) => { check(...a); return (f as (...x: unknown[]) => unknown)(...a); }]));
  const fused = Object.fromEntries(Object.entries(base.fused).map(([k, f]) => [k, (...a: unknown[]) => { check(...a); return (f as (...x: unknown[]) => unknown)(...a); }]));
  return { ...base, kernels: kernels as unknown as Backend['kernels'], fused, live: () => live };
}

let made = false;
/** Register the test backends once and return every backend to check against js. */
export function backendsUnderTest(): Backend[] {
  if (!made) {
    registerBackend(makeJsBackend({ name: 'js-composed', fused: false }));
    registerBackend(makeCountingBackend());
    made = true;
  }
  return listBackends().filter((n) => n !== 'js').map(findBackend);
}
