// Inverted-dropout mask, bit for bit the js kernel's (src/backends/js/dropout.ts): element i's uniform draw is
// mixed from the generator's state advanced by i + 1 steps (src/random.ts), so any range of elements can be drawn
// on any thread and the mask is the same as drawing one after another on the host.
#include "common.h"

static inline uint32_t mix32(uint32_t t) {
  t = (t ^ (t >> 15)) * (t | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return t ^ (t >> 14);
}

/** out[i] = 0 where mix32(state + (i + 1)·0x6d2b79f5) / 2^32 < p, else keep, for i in [begin, end). */
EXPORT("dropout_mask_f32")
void dropout_mask_f32(float *out, uint32_t state, double p, float keep, int begin, int end) {
  for (int i = begin; i < end; i++) {
    uint32_t r = mix32(state + (uint32_t)(i + 1) * 0x6d2b79f5u);
    out[i] = (double)r * (1.0 / 4294967296.0) < p ? 0.0f : keep; // r·2⁻³² is exact, as the js division
  }
}
