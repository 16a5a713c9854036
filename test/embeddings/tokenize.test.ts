// The GloVe-style tokenizer, unknown-word policies, and "did you mean" suggestions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordVectors, AttnError, tokenize, resolveTokens, suggestWords, editDistance } from '../../src/index.js';

test('tokenize: lower-case, punctuation split off, clitics as GloVe has them', () => {
  assert.deepEqual(tokenize("He deposited money in the bank."), ['he', 'deposited', 'money', 'in', 'the', 'bank', '.']);
  assert.deepEqual(tokenize("Don't"), ['do', "n't"]);
  assert.deepEqual(tokenize("the bank's river-side"), ['the', 'bank', "'s", 'river-side']);
  assert.deepEqual(tokenize("can't won’t I'm they're we've you'll she'd"), ['ca', "n't", 'wo', "n't", 'i', "'m", 'they', "'re", 'we', "'ve", 'you', "'ll", 'she', "'d"]);
  assert.deepEqual(tokenize("O'Neill's rock'n'roll"), ["o'neill", "'s", "rock'n'roll"]);
  assert.deepEqual(tokenize("students' books"), ['students', "'", 'books']);
  assert.deepEqual(tokenize('It cost $3.50 (about 1,000 yen) at 10:30, in the U.S. e.g. AT&T!'),
    ['it', 'cost', '$', '3.50', '(', 'about', '1,000', 'yen', ')', 'at', '10:30', ',', 'in', 'the', 'u.s.', 'e.g.', 'at&t', '!']);
  assert.deepEqual(tokenize('Wait... what?! -- "quoted" “curly” 1990s'), ['wait', '...', 'what', '?', '!', '--', '"', 'quoted', '"', '“', 'curly', '”', '1990s']);
  assert.deepEqual(tokenize('Café naïve Zürich'), ['café', 'naïve', 'zürich']);
  assert.deepEqual(tokenize('   '), []);
});

const wv = new WordVectors(['the', 'bank', 'river', 'self', '-', 'attention', 'banks'], new Float32Array(14).map((_, i) => i + 1), 2);

test("resolveTokens 'error' (default) names every unknown word once, with suggestions", () => {
  assert.throws(() => resolveTokens(['the', 'bnak', 'rivr', 'bnak', 'zqxw'], wv), (e: unknown) => {
    assert.ok(e instanceof AttnError);
    assert.equal(e.code, 'E_UNKNOWN_WORD');
    assert.equal(e.message, 'resolveTokens: 3 unknown words "bnak" (did you mean "bank", "banks"?), "rivr" (did you mean "river"?), "zqxw"');
    assert.deepEqual(e.details.words, ['bnak', 'rivr', 'zqxw']);
    assert.deepEqual(e.details.suggestions, { bnak: ['bank', 'banks'], rivr: ['river'], zqxw: [] });
    return true;
  });
});

test("resolveTokens 'skip' drops unknown words, 'zero' keeps them as zero vectors", () => {
  const skip = resolveTokens(['the', 'qq', 'bank'], wv, { unknown: 'skip' });
  assert.deepEqual(skip.tokens, ['the', 'bank']);
  assert.deepEqual(skip.indices, [0, 1]);
  assert.deepEqual([...skip.vectors], [1, 2, 3, 4]);
  assert.deepEqual(skip.unknown, ['qq']);
  const zero = resolveTokens(['the', 'qq', 'bank'], wv, { unknown: 'zero' });
  assert.deepEqual(zero.tokens, ['the', 'qq', 'bank']);
  assert.deepEqual(zero.indices, [0, -1, 1]);
  assert.deepEqual([...zero.vectors], [1, 2, 0, 0, 3, 4]);
  assert.throws(() => resolveTokens([], wv, { unknown: 'guess' as never }), /'error', 'skip' or 'zero'/);
});

test('resolveTokens: case fallback, hyphenated words split when only their parts are known, long input', () => {
  assert.deepEqual(resolveTokens(['The', 'BANK'], wv).indices, [0, 1]);
  assert.deepEqual(resolveTokens(['self-attention'], wv).tokens, ['self', '-', 'attention']);
  assert.throws(() => resolveTokens(['self-control'], wv), /"self-control"/);
  const long = resolveTokens(Array.from({ length: 10000 }, (_, i) => (i % 3 ? 'bank' : 'nope')), wv, { unknown: 'zero' });
  assert.equal(long.vectors.length, 10000 * 2);
  assert.deepEqual(long.unknown, ['nope']);
});

test('editDistance counts swaps as one edit and stops early past the limit', () => {
  assert.equal(editDistance('recieve', 'receive'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
  assert.deepEqual(suggestWords(wv, 'Bank'), ['bank', 'banks']);
  assert.deepEqual(suggestWords(wv, 'bnk', { max: 1 }), ['bank']);
});

test('tokenize: an emoji is one token with its skin tone, variation selector and joined parts; a flag is one token', () => {
  assert.deepEqual(tokenize('I ❤️ it 👍🏽 👨‍👩‍👧 🇫🇷🇩🇪'), ['i', '❤️', 'it', '👍🏽', '👨‍👩‍👧', '🇫🇷', '🇩🇪']);
  assert.deepEqual(tokenize('cafe\u0301 x\u0301!'), ['cafe\u0301', 'x\u0301', '!']);
});
