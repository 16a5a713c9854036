// The trained-models view's numbers, in the worker, with the library's public API: the model's files are
// fetched from the app's origin once (then read from the Cache API) and loaded with loadTaskModel; an input
// gets predictTask (label, probability, attended words) and, for each sequence the model read,
// explainWithModel (every layer's and head's weights, their queries, keys and scores, and parameter-free attention
// on the same vectors).
// Not here: drawing, or anything the library does not expose (the mean over heads is the only sum done here).
import { AttnError, TASK_SPECS, checkVectors, explainWithModel, loadTaskModel, predictTask, taskSpec, type TaskInput, type TaskModel, type WordVectors } from 'attnlab';
import { loadCachedBytes } from '../cached-bytes';
import type { HeadNumbers, ModelData, ModelInput, ModelRef, ModelSequence, TaskView } from '../protocol';

const CACHE = 'attnlab-models';

interface Loaded {
  model: TaskModel;
  warning: string | null;
  source: 'network' | 'cache';
  loadMs: number;
}

/** Models by their weights' URL (content-hashed, so a URL never changes meaning). */
const models = new Map<string, Promise<Loaded>>();

function load(ref: ModelRef, wv: WordVectors): Promise<Loaded> {
  let p = models.get(ref.safetensors);
  if (!p) {
    p = (async () => {
      const t0 = performance.now();
      const opts = { cache: CACHE, what: `the model ${ref.name}`, keep: ref.keep };
      const [weights, config] = await Promise.all([loadCachedBytes(ref.safetensors, opts), loadCachedBytes(ref.config, opts)]);
      const { model, meta } = loadTaskModel({ 'model.safetensors': weights.bytes, 'config.json': new TextDecoder().decode(config.bytes) }, ref.name);
      const warning = checkVectors(meta, wv); // throws if the dimensions differ
      return { model, warning, source: weights.source, loadMs: performance.now() - t0 };
    })();
    models.set(ref.safetensors, p);
    p.catch(() => models.delete(ref.safetensors)); // a failed download may be retried
  }
  return p;
}

/** Every task of the library, as the view presents it (the data of its spec: no functions cross postMessage). */
export function taskViews(): TaskView[] {
  return Object.values(TASK_SPECS).map((s) => ({ name: s.name, title: s.title, labels: s.labels, fields: s.input.fields, examples: s.input.examples, phrasing: s.phrasing }));
}

/** (T, T) mean of H (T, T) matrices. */
function mean(heads: Float32Array[]): Float32Array {
  const out = new Float32Array(heads[0]?.length ?? 0);
  for (const w of heads) for (let k = 0; k < out.length; k++) out[k] += w[k] / heads.length;
  return out;
}

const flat = (rows: number[][]) => Float32Array.from(rows.flat());
const flat64 = (rows: number[][]) => Float64Array.from(rows.flat());

export async function computeModel(wv: WordVectors, ref: ModelRef, input: ModelInput): Promise<ModelData> {
  const first = !models.has(ref.safetensors);
  let m: Loaded;
  try {
    m = await load(ref, wv);
  } catch (e) { // the view keeps its model picker, so another model can be chosen
    const problem = `Could not load the model ${ref.name}: ${e instanceof Error ? e.message : String(e)}`;
    return { name: ref.name, input, warning: null, source: 'network', loadMs: 0, problem, prediction: null, sequences: [] };
  }
  const base = { name: ref.name, input, warning: m.warning, source: first ? m.source : 'memory' as const, loadMs: first ? m.loadMs : 0 };
  let p;
  try {
    p = await predictTask(m.model, wv, input.values as TaskInput); // the spec checks the fields, with a clear error
  } catch (e) {
    if (e instanceof AttnError && e.code === 'E_INPUT') return { ...base, problem: e.message, prediction: null, sequences: [] };
    throw e;
  }
  const titles = p.sequences.length === 2 ? ['A', 'B'] : ['sentence'];
  // A phrase field (an idiom's expression) marks its tokens in the sentence; the other tasks' focus comes with the prediction.
  const phrase = taskSpec(m.model.config.task).input.fields.find((f) => f.kind === 'phrase');
  const expression = phrase ? input.values[phrase.key] : undefined;
  const sequences = await Promise.all(p.sequences.map(async (s, n): Promise<ModelSequence> => {
    // The prediction's own tokens (hyphens split, windowed as the model reads them), so the weights match it.
    const e = await explainWithModel(m.model, wv, s.tokens, { expression });
    const heads = e.layers.map((l) => l.heads.map(flat)); // per layer, per head: (T, T)
    return {
      title: titles[n], tokens: e.tokens, focus: s.focus, unknown: e.unknown, attended: s.attended,
      heads, average: heads.map(mean), parameterFree: flat(e.parameterFree),
      queryKeys: e.layers.map((l) => l.queryKeys.map((qk): HeadNumbers => ({
        D: qk.queries[0]?.length ?? 0, queries: flat64(qk.queries), keys: flat64(qk.keys), scores: flat64(qk.scores), bias: qk.bias && flat64(qk.bias),
      }))),
    };
  }));
  return {
    ...base, problem: null, sequences,
    prediction: { label: p.label, labelName: p.labelName, probability: p.probability, probabilities: p.probabilities },
  };
}
