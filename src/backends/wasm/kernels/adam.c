// Fused Adam/AdamW step in place, in double precision like src/backends/js/adam.ts (JavaScript numbers), so
// the result is bit-identical to the js kernel: every product and quotient is rounded to float64 and every
// store to float32 in the same order (-ffp-contract=off keeps multiply and add apart). Not here: other dtypes.
#include "common.h"

/** One step on elements [begin, end) of p, g, m, v (AdamStep of src/primitives.ts). */
EXPORT("adam_f32")
void adam_f32(float *p, const float *g, float *m, float *v, double lr, double beta1, double beta2, double eps,
              double lrDecay, double l2, double bc1, double bc2, int begin, int end) {
  double stepSize = lr / bc1, bc2Sqrt = __builtin_sqrt(bc2), decay = 1 - lrDecay;
  for (int i = begin; i < end; i++) {
    double gi = l2 != 0 ? (double)g[i] + l2 * (double)p[i] : (double)g[i];
    m[i] = (float)(beta1 * (double)m[i] + (1 - beta1) * gi); // first moment
    v[i] = (float)(beta2 * (double)v[i] + (1 - beta2) * gi * gi); // second moment
    if (decay != 1) p[i] = (float)((double)p[i] * decay);
    p[i] = (float)((double)p[i] - (stepSize * (double)m[i]) / (__builtin_sqrt((double)v[i]) / bc2Sqrt + eps));
  }
}
