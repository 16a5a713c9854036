// Data-movement kernels: strided copy (permute, expand, slice and slice-assign are all this one kernel
// with the right strides and offsets), row gather and its adjoint scatter-add. Units: rows of the last dim.
#include "common.h"

/** out[Σ i·so] = x[Σ i·sx] for every index i of `shape` (element strides, 0 on an expanded axis).
 *  Rows [begin, end) of the last dim. rank ≥ 1. */
EXPORT("copy_f32")
void copy_f32(const float *x, float *out, int rank, const int *shape, const int *sx, const int *so, int begin, int end) {
  int len = shape[rank - 1], ix = sx[rank - 1], io = so[rank - 1];
  for (int r = begin; r < end; r++) {
    int64_t px, po;
    row_offsets(rank, shape, r, sx, so, &px, &po);
    const float *s = x + px;
    float *o = out + po;
    if (ix == 1 && io == 1) for (int j = 0; j < len; j++) o[j] = s[j];
    else for (int j = 0; j < len; j++) o[j * io] = s[j * ix];
  }
}

/** out[i, :] = table[rows[i], :] for rows [begin, end) of out. */
EXPORT("gather_rows_f32")
void gather_rows_f32(const float *table, const int *rows, int cols, float *out, int begin, int end) {
  for (int i = begin; i < end; i++) {
    const float *s = table + (int64_t)rows[i] * cols;
    float *o = out + (int64_t)i * cols;
    for (int j = 0; j < cols; j++) o[j] = s[j];
  }
}

/** out[rows[i], c] += src[i, c] for all i, columns [begin, end): a split over columns never races, and each
 *  element sums its rows in index order whatever the split. */
EXPORT("scatter_add_rows_f32")
void scatter_add_rows_f32(const float *src, const int *rows, int nrows, int cols, float *out, int begin, int end) {
  for (int i = 0; i < nrows; i++) {
    const float *s = src + (int64_t)i * cols;
    float *o = out + (int64_t)rows[i] * cols;
    for (int j = begin; j < end; j++) o[j] += s[j];
  }
}
