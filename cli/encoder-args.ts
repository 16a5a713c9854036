// The encoder's size options, shared by `attn train` and `attn pretrain` so that a pre-trained folder and the
// task model it initialises are described by the same flags.
import { POSITIONAL_KINDS } from '../src/index.js';

export const encoderArgs = {
  layers: { type: 'string', valueHint: 'N', description: 'Encoder layers (default 1)' },
  heads: { type: 'string', valueHint: 'H', description: 'Attention heads (default 4)' },
  dim: { type: 'string', valueHint: 'C', description: 'Encoder width; the vectors are projected to it (default 64)' },
  ff: { type: 'string', valueHint: 'F', description: 'Feed-forward width (default 128)' },
  positions: { type: 'string', valueHint: POSITIONAL_KINDS.join('|'), description: 'Positional encoding (default learned)' },
} as const;
