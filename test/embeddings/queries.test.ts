// Queries and evaluations against slow, obvious re-implementations of gensim 4.2's code on random
// vectors: mostSimilar, analogy (3CosAdd, 3CosMul), evaluateAnalogies (case folding, restrictVocab, top-5
// walk) and evaluateWordPairs (delimiters, headers, OOV); plus the correlation formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordVectors, AttnError, pearson, spearman, rankAverage, COSMUL_EPSILON } from '../../src/index.js';
import { randomVectors, cosineRows, rng } from './_helpers.js';

// 400 words, some differing only in case ("Paris" before "paris") to exercise gensim's case folding.
const words = Array.from({ length: 400 }, (_, i) => (i === 3 ? 'Paris' : i === 50 ? 'paris' : i === 7 ? 'BIG' : `w${i}`));
const wv = randomVectors(400, 12, 7, words);

/** gensim most_similar, the slow way: every cosine to unit(Σ ±unit(word)), sorted, query words dropped. */
function bruteMostSimilar(positive: number[], negative: number[], topk: number, end = wv.size) {
  const C = wv.dim, q = new Float64Array(C);
  for (const [ids, w] of [[positive, 1], [negative, -1]] as const) {
    for (const i of ids) {
      const n = Math.hypot(...wv.vectors.subarray(i * C, (i + 1) * C));
      for (let c = 0; c < C; c++) q[c] += (w * wv.vectors[i * C + c]) / n;
    }
  }
  const qn = Math.hypot(...q);
  const all = [];
  for (let i = 0; i < end; i++) {
    if (positive.includes(i) || negative.includes(i)) continue;
    let s = 0;
    for (let c = 0; c < C; c++) s += (wv.vectors[i * C + c] * q[c]) / qn;
    all.push({ index: i, score: s / Math.hypot(...wv.vectors.subarray(i * C, (i + 1) * C)) });
  }
  return all.sort((a, b) => b.score - a.score).slice(0, topk);
}

/** gensim most_similar_cosmul, the slow way. */
function bruteCosmul(a: number, b: number, c: number, topk: number) {
  const all = [];
  for (let i = 0; i < wv.size; i++) {
    if (i === a || i === b || i === c) continue;
    const f = (j: number) => (1 + cosineRows(wv, i, j)) / 2;
    all.push({ index: i, score: (f(b) * f(c)) / (f(a) + COSMUL_EPSILON) });
  }
  return all.sort((x, y) => y.score - x.score).slice(0, topk);
}

test('mostSimilar equals the brute-force gensim computation (positive, negative, restrictVocab, vectors)', () => {
  const close = (got: { word: string; cosine: number }[], want: { index: number; score: number }[]) => {
    assert.deepEqual(got.map((n) => n.word), want.map((n) => wv.words[n.index]));
    got.forEach((n, k) => assert.ok(Math.abs(n.cosine - want[k].score) < 1e-6));
  };
  close(wv.mostSimilar({ positive: ['w10'], topk: 7 }), bruteMostSimilar([10], [], 7));
  close(wv.mostSimilar({ positive: ['w10', 'w20'], negative: ['w30'] }), bruteMostSimilar([10, 20], [30], 10));
  close(wv.mostSimilar({ negative: ['w1'], topk: 3 }), bruteMostSimilar([], [1], 3));
  close(wv.mostSimilar({ positive: ['w10'], topk: 5, restrictVocab: 40 }), bruteMostSimilar([10], [], 5, 40));
  close(wv.mostSimilar({ positive: ['w10'], topk: 1000 }), bruteMostSimilar([10], [], 1000));
  // A raw vector is a query term as is (gensim's ndarray keys), and excludes nothing.
  const v = Array.from(wv.vector('w10'));
  assert.deepEqual(wv.mostSimilar({ positive: [v], topk: 2 }).map((n) => n.word)[0], 'w10');
  assert.deepEqual(wv.mostSimilar({ positive: ['w10'], topk: 0 }), []);
});

test('mostSimilar and analogy: bad input is one clear AttnError', () => {
  const code = (f: () => unknown, c: string, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof AttnError && e.code === c && re.test(e.message));
  code(() => wv.mostSimilar({ positive: ['w1', 'nope', 'w2', 'zzz'] }), 'E_UNKNOWN_WORD', /2 unknown words "nope".*"zzz"/);
  code(() => wv.mostSimilar({}), 'E_INPUT', /at least one positive or negative/);
  code(() => wv.mostSimilar({ positive: ['w1'], negative: ['w1'] }), 'E_INPUT', /zero/);
  code(() => wv.mostSimilar({ positive: ['w1'], topk: -1 }), 'E_INPUT', /topk/);
  code(() => wv.mostSimilar({ positive: ['w1'], restrictVocab: 0 }), 'E_INPUT', /restrictVocab/);
  code(() => wv.mostSimilar({ positive: [[1, 2]] }), 'E_SHAPE', /2 components, the vectors have 12/);
  code(() => wv.analogy('w1', 'w2', 'qq'), 'E_UNKNOWN_WORD', /"qq"/);
  code(() => wv.analogy('w1', 'w2', 'w3', { method: 'x' as never }), 'E_INPUT', /3cosadd/);
  code(() => wv.similarity('w1', 'w2', 'l2' as never), 'E_INPUT', /metric/);
});

test('analogy 3CosAdd = mostSimilar(positive [b, c], negative [a]); 3CosMul = gensim most_similar_cosmul', () => {
  const add = wv.analogy('w5', 'w6', 'w8', { topk: 6 });
  assert.deepEqual(add.map((n) => n.word), bruteMostSimilar([6, 8], [5], 6).map((n) => wv.words[n.index]));
  add.forEach((n) => assert.equal(n.score, n.cosine));
  const mul = wv.analogy('w5', 'w6', 'w8', { method: '3cosmul', topk: 6 });
  const want = bruteCosmul(5, 6, 8, 6);
  assert.deepEqual(mul.map((n) => n.word), want.map((n) => wv.words[n.index]));
  mul.forEach((n, k) => assert.ok(Math.abs(n.score - want[k].score) < 1e-5));
  // `cosine` is the cosine to b − a + c, the same number 3CosAdd ranks by.
  const addAll = new Map(wv.analogy('w5', 'w6', 'w8', { topk: 400 }).map((n) => [n.word, n.cosine]));
  mul.forEach((n) => assert.ok(Math.abs(n.cosine - addAll.get(n.word)!) < 1e-5));
});

/** gensim evaluate_word_analogies, literally: one most_similar(topn=5) per question. */
function bruteAnalogies(text: string, restrict: number, method: '3cosadd' | '3cosmul') {
  const ok = new Map<string, number>();
  for (let i = restrict - 1; i >= 0; i--) ok.set(wv.words[i].toUpperCase(), i);
  let correct = 0, total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(': ') || !line.trim()) continue;
    const [a, b, c, d] = line.split(' ').map((w) => w.toUpperCase());
    if (![a, b, c, d].every((w) => ok.has(w))) continue;
    const [ia, ib, ic] = [a, b, c].map((w) => ok.get(w)!);
    const sims = method === '3cosadd' ? bruteMostSimilar([ib, ic], [ia], 5, restrict) : bruteCosmul(ia, ib, ic, 5);
    let predicted: string | undefined;
    for (const s of sims) {
      predicted = wv.words[s.index].toUpperCase();
      if (ok.has(predicted) && ![a, b, c].includes(predicted)) break;
    }
    total++;
    if (predicted === d) correct++;
  }
  return { correct, total };
}

test('evaluateAnalogies equals gensim question by question (3CosAdd and 3CosMul, case folding, restrictVocab)', () => {
  const r = rng(3);
  const pick = () => (r() < 0.1 ? ['paris', 'PARIS', 'big', 'Big'][Math.floor(r() * 4)] : `W${Math.floor(r() * 420)}`);
  const lines = [': first'];
  for (let i = 0; i < 150; i++) {
    if (i === 90) lines.push(': second');
    lines.push([pick(), pick(), pick(), pick()].join(' '));
  }
  // Questions whose answer is the 3CosAdd winner, so some are answered right.
  for (let i = 0; i < 30; i++) {
    const [a, b, c] = [0, 1, 2].map(() => 10 + Math.floor(r() * 300));
    lines.push(`w${a} w${b} w${c} ${wv.analogy(`w${a}`, `w${b}`, `w${c}`, { topk: 1 })[0].word}`);
  }
  const text = lines.join('\n') + '\n';
  for (const method of ['3cosadd', '3cosmul'] as const) {
    for (const restrict of [400, 200]) {
      const got = wv.evaluateAnalogies(text, { restrictVocab: restrict, method });
      const want = bruteAnalogies(text, restrict, method);
      assert.equal(got.total, want.total, `${method} ${restrict} total`);
      assert.equal(got.correct, want.correct, `${method} ${restrict} correct`);
      assert.equal(got.sections.length, 2);
      assert.equal(got.sections[0].total + got.sections[1].total, got.total);
      assert.equal(got.oov + got.total, 180);
      assert.ok(Math.abs(got.oovRatio - (got.oov / 180) * 100) < 1e-12);
    }
  }
});

test('evaluateAnalogies: malformed files are E_FORMAT with the line', () => {
  assert.throws(() => wv.evaluateAnalogies('w1 w2 w3 w4\n', { file: 'q.txt' }), /q\.txt:1: a question before the first ": section" line/);
  assert.throws(() => wv.evaluateAnalogies(': s\nw1 w2 w3\n', { file: 'q.txt' }), /q\.txt:2: expected 4 words/);
  assert.throws(() => wv.evaluateAnalogies(': s\n\n', { file: 'q.txt' }), /no analogy questions/);
});

test('evaluateWordPairs: delimiters, header, comments, case folding, OOV ratio as gensim reports it', () => {
  const rows: [string, string, number][] = [['w1', 'w2', 3], ['W4', 'w5', 1], ['w5', 'nope', 2], ['w6', 'w8', 2], ['PARIS', 'w9', 5]];
  const cos = (a: number, b: number) => Math.fround(cosineRows(wv, a, b));
  const model = [cos(1, 2), cos(4, 5), cos(6, 8), cos(3, 9)]; // "PARIS" folds to the first spelling, "Paris" (row 3)
  const gold = [3, 1, 2, 5];
  const want = { pairs: 4, pearson: pearson(gold, model), spearman: spearman(gold, model), oovRatio: 20, oov: 1 };
  const csv = 'Word 1,Word 2,Human (mean)\r\n' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
  const tsv = '# a comment\n' + rows.map((r) => r.join('\t')).join('\n');
  const ssv = rows.map((r) => r.join(' ')).join('\n');
  for (const input of [csv, tsv, ssv, rows]) {
    const got = wv.evaluateWordPairs(input);
    assert.deepEqual({ ...got, pearson: 0 }, { ...want, pearson: 0 });
    assert.ok(Math.abs(got.pearson - want.pearson) < 1e-6);
  }
  // Case-sensitive: "W4" and "PARIS" are unknown now.
  assert.equal(wv.evaluateWordPairs(rows, { caseInsensitive: false }).oov, 3);
  // restrictVocab 5: only w0, w1, w2, Paris, w4 are known.
  assert.equal(wv.evaluateWordPairs(rows.concat([['w0', 'w1', 1], ['paris', 'w4', 1]]), { restrictVocab: 5 }).pairs, 3);
});

test('evaluateWordPairs: malformed input is a clear error', () => {
  assert.throws(() => wv.evaluateWordPairs('w1,w2,3\nw1,w2\n', { file: 'p.csv' }), /p\.csv:2: expected 3 fields \(word1, word2, score\) separated by ",", found 2/);
  assert.throws(() => wv.evaluateWordPairs('w1\tw2\t3\nw1\tw2\tx\n', { file: 'p.tsv' }), /p\.tsv:2: the score "x" is not a number/);
  assert.throws(() => wv.evaluateWordPairs('# nothing\n'), /no word pairs/);
  assert.throws(() => wv.evaluateWordPairs('w1 zz 1\nw2 qq 2\n'), (e: unknown) => e instanceof AttnError && e.code === 'E_INPUT' && /0 of 2 pairs/.test(e.message));
  assert.throws(() => wv.evaluateWordPairs([['w1', 'w2', NaN]]), /finite score/);
});

test('pearson and spearman match scipy (docs examples), average ranks for ties', () => {
  assert.ok(Math.abs(pearson([1, 2, 3, 4, 5], [10, 9, 2.5, 6, 4]) - -0.7426106572325056) < 1e-12);
  assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) - 0.8207826816681233) < 1e-12);
  assert.deepEqual([...rankAverage([10, 20, 20, 30, 20])], [1, 3, 3, 5, 3]);
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
  assert.throws(() => pearson([1], [1]), /≥ 2/);
});

test('a vocabulary with a zero vector: cosines with it are 0, never NaN', () => {
  const z = new WordVectors(['a', 'b', 'zero'], new Float32Array([1, 0, 0, 1, 0, 0]), 2);
  assert.deepEqual(z.mostSimilar({ positive: ['a'], topk: 2 }).map((n) => [n.word, n.cosine]), [['b', 0], ['zero', 0]]);
});
