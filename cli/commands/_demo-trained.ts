// The demo's last chapter: what trained attention adds, on the shipped task models (data/models/).
// Idiom detection ("break a leg" literal vs figurative), "bank" in two senses by the WiC model, and a
// sentiment read by the SST-2 model. Skipped, with a note, when no models are installed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { predictTask, polysemyWithModel, tokenize, type WordVectors } from '../../src/index.js';
import { heading } from '../render/text.js';
import { loadModelDir, shippedModelsDir } from './_task-io.js';
import { predictionJson, modelPolysemyJson } from './_model-views.js';

const has = (name: string) => existsSync(join(shippedModelsDir(), name, 'config.json'));
/** The demo knows what a person would answer, and says when the model disagrees: the models are small. */
const verdict = (got: string, expected: string) => (got === expected ? '✓' : `✗ (a person would say ${expected})`);
/** "attended to: audition 0.21, tonight 0.18, leg 0.12": the words that weigh most in the prediction (not the focus itself). */
function attendedLine(p: { sequences: { tokens: string[]; focus: number[]; attended: number[] | null }[] }, top = 3): string | null {
  const s = p.sequences[0];
  if (!s?.attended) return null;
  const ranked = s.tokens.map((t, i) => ({ t, w: s.attended![i], i })).filter((x) => !s.focus.includes(x.i) && /\p{L}/u.test(x.t));
  ranked.sort((a, b) => b.w - a.w);
  return ranked.length ? `      attended to: ${ranked.slice(0, top).map((x) => `${x.t} ${x.w.toFixed(2)}`).join(', ')}` : null;
}

export async function trainedChapter(wv: WordVectors): Promise<{ text: string; json: unknown }> {
  const out: string[] = [heading('7. Trained attention: learned query/key/value weights make the vectors task-specific'), ''];
  const json: Record<string, unknown> = {};
  const idiomName = ['idiom-one-shot', 'idiom-zero-shot'].find(has);
  if (!idiomName && !has('wic') && !has('sst2')) {
    out.push("No trained models are installed in data/models/ ('attn train' makes them; see the README).");
    return { text: out.join('\n'), json: null };
  }
  if (idiomName) {
    const { model } = await loadModelDir(idiomName);
    const cases = [
      { expression: 'break a leg', sentence: 'Break a leg at your audition tonight!', expected: 'idiomatic' },
      { expression: 'break a leg', sentence: 'He fell off the ladder and managed to break a leg.', expected: 'literal' },
    ];
    const got = await Promise.all(cases.map((c) => predictTask(model, wv, c)));
    json.idioms = cases.map((c, k) => ({ ...c, ...predictionJson(got[k]) }));
    out.push(`Idioms (${idiomName}): is the expression used literally or idiomatically?`);
    for (const [k, c] of cases.entries()) {
      const p = got[k];
      out.push(`  "${c.sentence}" → ${p.labelName} (p = ${p.probability.toFixed(2)}) ${verdict(p.labelName, c.expected)}`);
      const line = attendedLine(p);
      if (line) out.push(line);
    }
    out.push('');
  }
  if (has('wic')) {
    const { model } = await loadModelDir('wic');
    const p = await polysemyWithModel(model, wv, 'bank', tokenize('He deposited money in the bank'), tokenize('He sat on the river bank'));
    json.wic = modelPolysemyJson(p);
    out.push('"bank" in two senses (wic):');
    out.push(`  cosine of the two banks: static ${p.static.cosine.toFixed(3)}, parameter-free ${p.parameterFree.cosine.toFixed(3)}${p.learned ? `, learned ${p.learned.cosine.toFixed(3)}` : ''}`);
    if (p.sameSense) out.push(`  same sense? ${p.sameSense.label} (P(same) = ${p.sameSense.probability.toFixed(2)}) ${verdict(p.sameSense.label, 'different')}`);
    out.push('');
  }
  if (has('sst2')) {
    const { model } = await loadModelDir('sst2');
    const cases = [{ text: 'a gripping , funny and moving film', expected: 'positive' }, { text: 'a dull , lifeless mess', expected: 'negative' }];
    const got = await Promise.all(cases.map((c) => predictTask(model, wv, { text: c.text })));
    json.sst2 = cases.map((c, k) => ({ ...c, ...predictionJson(got[k]) }));
    out.push('Sentiment (sst2):');
    for (const [k, c] of cases.entries()) {
      const p = got[k];
      out.push(`  "${c.text}" → ${p.labelName} (p = ${p.probability.toFixed(2)}) ${verdict(p.labelName, c.expected)}`);
    }
  }
  const more = [
    idiomName && `attn predict --model ${idiomName} "break a leg" "…"`,
    idiomName && `attn attend "…" --model ${idiomName}`,
    has('sst2') && 'attn attend "…" --model sst2',
    has('wic') && 'attn polysemy bank "…" "…" --model wic',
  ].filter(Boolean);
  out.push('', `More: ${more.join(', ')}`);
  return { text: out.join('\n'), json };
}
