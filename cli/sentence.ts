// Sentence options shared by attend/polysemy/order, and turning a sentence into known tokens
// (GloVe tokenizer, then the unknown-word policy: error by default, naming each word with suggestions).
import { AttnError, quote, tokenize, resolveTokens, type WordVectors } from '../src/index.js';
import { intOption, UsageError } from './command.js';
import { noteLine } from './progress.js';

export const sentenceArgs = {
  scale: { type: 'boolean', default: true, description: 'Divide scores by √C (--no-scale shows why it matters)', negativeDescription: 'Use raw dot products' },
  temperature: { type: 'string', valueHint: 'T', description: 'Divide scores further by T (> 1 flattens the weights)' },
  positions: { type: 'string', valueHint: 'none|sinusoidal', description: 'Add positional encodings first', default: 'none' },
  unknown: { type: 'string', valueHint: 'error|skip', description: 'Unknown words: fail naming them, or skip them', default: 'error' },
  'max-tokens': { type: 'string', valueHint: 'N', description: 'Refuse sentences longer than N tokens (attention needs T² memory)', default: '4096' },
} as const;

export function positionsOf(p: string | undefined): 'none' | 'sinusoidal' {
  if (p === undefined || p === 'none') return 'none';
  if (p === 'sinusoidal') return 'sinusoidal';
  throw new UsageError(`--positions must be none or sinusoidal, got '${p}'`);
}

/** The sentence's tokens in the vocabulary, and the words left out (each once, in order; --json lists them). */
export function sentenceTokens(wv: WordVectors, sentence: string, unknown: string | undefined): { tokens: string[]; skipped: string[] } {
  if (unknown !== undefined && unknown !== 'error' && unknown !== 'skip') throw new UsageError(`--unknown must be error or skip, got '${unknown}'`);
  let tokens = tokenize(sentence);
  if (tokens.length === 0) throw new AttnError('E_INPUT', `the sentence "${sentence}" has no words`);
  // The wink copy of GloVe lacks some very frequent tokens: clitics ('s, n't), bare numbers, the one-letter
  // words "a" and "i", punctuation. They carry little sense to attend to, so they are dropped with a note
  // rather than failing "He's at the bank" or "break a leg"; any other unknown word is still an error.
  const minor = tokens.filter((t) => !wv.has(t) && !wv.has(t.toLowerCase()) && /^('\w*|n't|[\d.,:/-]+|\p{L}|[^\p{L}\d]+)$/u.test(t));
  const dropped = minor.length < tokens.length ? [...new Set(minor)] : [];
  if (dropped.length) {
    noteLine(`note: skipped ${dropped.map(quote).join(', ')} (not in the vocabulary)`);
    tokens = tokens.filter((t) => !minor.includes(t));
  }
  let resolved;
  try {
    resolved = resolveTokens(tokens, wv, { unknown: (unknown ?? 'error') as 'error' | 'skip' });
  } catch (e) {
    // Say the way out: leave the words out, or use a larger vocabulary.
    if (e instanceof AttnError && e.code === 'E_UNKNOWN_WORD') {
      throw new AttnError(e.code, e.message, { ...e.details, hint: `Add --unknown skip to leave ${e.details.words?.length === 1 ? 'it' : 'them'} out${wv.size < 300_000 ? ', or use --vectors glove-100d (341,479 words)' : ''}.` });
    }
    throw e;
  }
  if (resolved.unknown.length) noteLine(`note: skipped ${resolved.unknown.map(quote).join(', ')} (--unknown skip: not in the vocabulary)`);
  if (resolved.tokens.length === 0) throw new AttnError('E_INPUT', `none of the words of ${quote(sentence)} is in the vocabulary`);
  return { tokens: resolved.tokens, skipped: [...dropped, ...resolved.unknown] };
}

/** Full attention holds T×T matrices: refuse what would exhaust memory, and say why. */
export function checkLength(tokens: string[], maxTokens: string | undefined): void {
  const max = intOption('max-tokens', maxTokens) ?? 4096;
  const T = tokens.length;
  if (T > max) {
    const mib = (T * T * 4 * 3) / 2 ** 20;
    throw new AttnError('E_INPUT', `the sentence has ${T} tokens; full self-attention keeps three ${T}×${T} matrices (~${mib.toFixed(0)} MiB) and the limit is ${max} (raise it with --max-tokens)`);
  }
}

/**
 * With --model, the learned heads decide the weights: the parameter-free options would be silently ignored, so they
 * are refused (exit 2), each by name, whenever they are on the command line (`given`), whatever their value.
 */
export function refuseWithModel(args: { scale?: boolean }, given: ReadonlySet<string>): void {
  const names: Record<string, string> = { scale: args.scale === false ? '--no-scale' : '--scale', temperature: '--temperature', positions: '--positions', unknown: '--unknown', k: '-k' };
  const named = Object.keys(names).filter((n) => given.has(n)).map((n) => names[n]);
  if (named.length) throw new UsageError(`${named.join(', ')} ${named.length > 1 ? 'are' : 'is'} for parameter-free attention; with --model the trained heads decide the weights (and read unknown words as <unk>): leave ${named.length > 1 ? 'them' : 'it'} out`);
}
