// The one tolerance of the PyTorch parity suite: 1e-4 absolute and relative on float32 (issue 3, §5).
export const TOL = { atol: 1e-4, rtol: 1e-4 } as const;
