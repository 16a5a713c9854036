// The library's one error type: every failure a user can cause is an AttnError with a stable `code`
// and a one-line message that names the operation, the offending value and what would be accepted.
// Consumers (the CLI, the explorer) print `message`; they never need the stack.

/** Stable error codes; scripts may switch on them. */
export type AttnErrorCode =
  | 'E_INPUT' // a bad argument value (empty sentence, NaN, a negative k, ...)
  | 'E_SHAPE' // tensor shapes or dimensions that do not fit together
  | 'E_FORMAT' // a malformed file (vectors, dataset, checkpoint); `file` and `line` say where
  | 'E_UNKNOWN_WORD' // words missing from the vocabulary; `words` lists them
  | 'E_UNSUPPORTED' // a valid request this build or backend cannot serve
  | 'E_NOT_FOUND'; // a missing file, model or optional package

export interface AttnErrorDetails {
  file?: string;
  line?: number;
  words?: string[];
  suggestions?: Record<string, string[]>;
  hint?: string;
}

/**
 * An error meant for the user.
 * @example
 * throw new AttnError('E_SHAPE', 'matmul: inner dimensions differ: (2, 3) @ (4, 5)');
 */
export class AttnError extends Error {
  readonly code: AttnErrorCode;
  readonly details: AttnErrorDetails;
  constructor(code: AttnErrorCode, message: string, details: AttnErrorDetails = {}) {
    super(message);
    this.name = 'AttnError';
    this.code = code;
    this.details = details;
  }
}

/** A malformed-file error that says where: `file:line: message`. */
export function formatError(file: string | undefined, line: number | undefined, message: string): AttnError {
  const where = file ? (line !== undefined ? `${file}:${line}: ` : `${file}: `) : line !== undefined ? `line ${line}: ` : '';
  return new AttnError('E_FORMAT', `${where}${message}`, { file, line });
}

/**
 * A value from a file or the user, quoted for a one-line message or a terminal: JSON escapes, plus every
 * invisible, space-like or control character (C1 controls, U+00A0, U+2028, U+3000, U+FEFF, …) as \uXXXX,
 * so that a message never carries a raw escape sequence or a blank that looks like nothing.
 * @example quote('a\u00a0') // '"a\\u00a0"'
 */
export function quote(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff0-\ufffb]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
