// Terminal and JSON views of trained task models, shared by `predict`, `attend --model`, `polysemy --model` and
// the demo: a prediction with the words it attended to, the learned heads' heatmaps beside parameter-free
// attention, and one word's learned contextual vectors in two sentences. Rendering only; the numbers come
// from predictTask / explainWithModel / polysemyWithModel in the library.
import type { TaskPrediction, ModelExplanation, ModelPolysemy } from '../../src/index.js';
import { renderHeatmap } from '../render/heatmap.js';
import { heading } from '../render/text.js';
import { pc, r, rows } from '../output.js';

/** The top-k tokens of one attended sequence, strongest first. */
export function topAttended(tokens: string[], weights: number[] | null, k = 5): { word: string; weight: number }[] {
  if (!weights) return [];
  return tokens.map((word, i) => ({ word, weight: weights[i] })).sort((a, b) => b.weight - a.weight).slice(0, k);
}

/** `attn predict --json` schema: { task, label, probability, probabilities, sequences: [{ tokens, focus, weights, top }] }. */
export function predictionJson(p: TaskPrediction, k = 5) {
  return {
    task: p.task, label: p.labelName, probability: r(p.probability),
    probabilities: Object.fromEntries(Object.entries(p.probabilities).map(([n, v]) => [n, r(v)])),
    sequences: p.sequences.map((s) => ({
      tokens: s.tokens, focus: s.focus, weights: s.attended && s.attended.map((w) => r(w)),
      top: topAttended(s.tokens, s.attended, k).map((a) => ({ word: a.word, weight: r(a.weight) })),
    })),
  };
}

/** Human view of a prediction: label and probability, then the attended words of each sequence. */
export function renderPrediction(p: TaskPrediction, opts: { colour: boolean; k?: number }): string {
  const col = (s: string) => (opts.colour ? pc.bold(p.label === 1 ? pc.green(s) : pc.yellow(s)) : s);
  const out = [`${col(p.labelName)} (probability ${p.probability.toFixed(3)}; ${Object.entries(p.probabilities).map(([n, v]) => `${n} ${v.toFixed(3)}`).join(', ')})`];
  p.sequences.forEach((s, n) => {
    const where = p.sequences.length > 1 ? `sentence ${n + 1}` : 'sentence';
    const focus = s.focus.map((f) => s.tokens[f]).join(' ');
    if (!s.attended) {
      out.push(`${where}: ${s.tokens.join(' ')}  (static baseline: no attention)`);
      return;
    }
    const who = s.focus.length ? `"${focus}"` : 'the sentence vector';
    const top = topAttended(s.tokens, s.attended, opts.k ?? 5).map((a) => `${a.word} ${a.weight.toFixed(2)}`).join(', ');
    out.push(`${where}: ${s.tokens.map((t, i) => (s.focus.includes(i) && opts.colour ? pc.underline(t) : t)).join(' ')}`);
    out.push(`  ${who} attended to: ${top}`);
  });
  return out.join('\n');
}

/** `attend --model --json` fields: { model: { layers: [{ heads: [T×T] }], pooling, prediction }, parameterFree }. */
export function explanationJson(e: ModelExplanation) {
  return {
    tokens: e.tokens,
    parameterFree: rows(e.parameterFree),
    learned: { layers: e.layers.map((l) => ({ heads: l.heads.map((h) => rows(h)) })), pooling: e.pooling && e.pooling.map((w) => r(w)) },
    prediction: e.prediction && predictionJson(e.prediction),
    unknown: e.unknown,
  };
}

/** The learned heads' heatmaps, each beside parameter-free attention on the same vectors. */
export function renderModelExplanation(e: ModelExplanation, opts: { colour: boolean; modelName?: string }): string {
  const T = e.tokens;
  const flat = (m: number[][]) => m.flat();
  const out: string[] = [heading(`Parameter-free attention, softmax(X Xᵀ/√C), on the model's input vectors`)];
  out.push(renderHeatmap(T, T, flat(e.parameterFree), { colour: opts.colour }));
  if (e.layers.length === 0) out.push('', `${opts.modelName ?? 'this model'} is a static baseline: it has no attention heads.`);
  e.layers.forEach((l, li) => l.heads.forEach((h, hi) => {
    out.push('', heading(`Learned attention: layer ${li + 1}, head ${hi + 1}${opts.modelName ? ` (${opts.modelName})` : ''}`));
    out.push(renderHeatmap(T, T, flat(h), { colour: opts.colour }));
  }));
  if (e.pooling) out.push('', heading('Which words the sentence vector reads (learned attention pooling)'), renderHeatmap(['pool'], T, e.pooling, { colour: opts.colour }));
  if (e.prediction) out.push('', heading('Prediction'), renderPrediction(e.prediction, { colour: opts.colour }));
  if (e.unknown.length) out.push(`(read through the model's <unk> row: ${e.unknown.join(', ')})`);
  return out.join('\n');
}

/** `polysemy --model --json` fields. */
export function modelPolysemyJson(p: ModelPolysemy) {
  return {
    word: p.word, static: { cosine: r(p.static.cosine) }, parameterFree: { cosine: r(p.parameterFree.cosine) },
    learned: p.learned && { cosine: r(p.learned.cosine) },
    sameSense: p.sameSense && { label: p.sameSense.label, probability: r(p.sameSense.probability) },
    sentences: p.sentences.map((s) => ({ tokens: s.tokens, index: s.index, parameterFreeWeights: s.parameterFreeWeights.map((w) => r(w)), learnedWeights: s.learnedWeights.map((l) => rows(l)) })),
  };
}

/** Static vs parameter-free vs learned cosines of one word in two sentences, and the word's attention rows. */
export function renderModelPolysemy(p: ModelPolysemy, opts: { colour: boolean; modelName?: string }): string {
  const out = [heading(`"${p.word}" in two sentences${opts.modelName ? ` (${opts.modelName})` : ''}`)];
  out.push(`cosine of the two "${p.word}" vectors: static ${p.static.cosine.toFixed(4)}, parameter-free attention ${p.parameterFree.cosine.toFixed(4)}` +
    (p.learned ? `, learned encoder ${p.learned.cosine.toFixed(4)}` : ' (static baseline: no encoder)'));
  if (p.sameSense) out.push(`the WiC model says: ${opts.colour ? pc.bold(p.sameSense.label) : p.sameSense.label} sense (P(same) = ${p.sameSense.probability.toFixed(3)})`);
  p.sentences.forEach((s, n) => {
    out.push('', heading(`Sentence ${n + 1}: what "${s.tokens[s.index]}" attends to`));
    const labels = ['param-free', ...s.learnedWeights.flatMap((l, li) => l.map((_, hi) => `L${li + 1} head ${hi + 1}`))];
    const values = [...s.parameterFreeWeights, ...s.learnedWeights.flat(2)];
    out.push(renderHeatmap(labels, s.tokens, values, { colour: opts.colour }));
  });
  return out.join('\n');
}
