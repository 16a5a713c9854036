// Pre-training: masked-word prediction over frozen vectors, trained with AdamW, linear warm-up then cosine decay and
// gradient clipping through trainLoop. Every step's randomness (which sequences, which tokens are masked, the
// negatives, the dropout masks) is drawn from an Rng seeded by (seed, step), so a run resumed from a checkpoint
// (weights + AdamW moments + step) continues exactly as if it had never stopped. Emits events; never prints.
import { AttnError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { keep, noGrad } from '../autograd.js';
import { clone } from '../ops/shape-ops.js';
import { Rng } from '../random.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { saveSafetensors } from '../io/safetensors.js';
import { AdamW } from '../train/adam.js';
import { LRScheduler, warmupCosine } from '../train/schedules.js';
import { trainLoop } from '../train/loop.js';
import type { PretrainCorpus } from './corpus.js';
import { maskSequence } from './masking.js';
import { UnigramSampler, sampledSoftmaxLoss } from './sampled-softmax.js';
import { PretrainModel, makePretrainBatch, ENCODER_FIELDS, type EncoderConfig } from './pretrain-model.js';
import { PRETRAINED_FORMAT, type PretrainedMeta, type PretrainSettings, type PretrainProgress } from './pretrained-files.js';

export const PRETRAIN_DEFAULTS: PretrainSettings = { lr: 1e-3, batchSize: 32, negatives: 512, maskRate: 0.15, weightDecay: 0.01, warmup: 0.06, clip: 1, seed: 0 };

export interface PretrainOptions extends Partial<PretrainSettings> {
  corpus: PretrainCorpus;
  wv: WordVectors;
  config: EncoderConfig;
  /** Length of the schedule in optimizer steps. */
  steps: number;
  /** Record the mean loss every this many steps (default 50). */
  logEvery?: number;
  /** Continue a run: its model, config.json and optimizer.safetensors tensors. */
  resume?: { model: PretrainModel; meta: PretrainedMeta; optimizer: Map<string, Tensor> };
  onEvent?: (e: PretrainEvent) => void;
}

export type PretrainEvent =
  | { type: 'start'; step: number; totalSteps: number; sequences: number; tokens: number; parameters: number; resumed: boolean }
  | { type: 'step'; step: number; totalSteps: number; loss: number; lr: number; wordsPerSec: number; elapsedMs: number }
  | { type: 'log'; step: number; meanLoss: number };

const mix = (seed: number, step: number) => (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(step + 1, 0x85ebca6b)) >>> 0;

/**
 * A pre-training run that can be advanced in pieces (so the caller can checkpoint between them).
 * @example
 * const run = new Pretrainer({ corpus, wv, config: encoderConfigOf(defaultModelConfig('wic', 'attention', 100)), steps: 2000 });
 * while (!run.finished) { await run.run({ steps: 200 }); await save(await run.files(meta)); }
 */
export class Pretrainer {
  readonly model: PretrainModel;
  readonly settings: PretrainSettings;
  readonly totalSteps: number;
  private readonly optimizer: AdamW;
  private readonly scheduler: LRScheduler;
  private readonly sampler: UnigramSampler;
  /** Every module with a dropout stream (Dropout, MultiheadAttention's attention dropout). */
  private readonly dropouts: { reseed(seed: number): void }[];
  private readonly emit: (e: PretrainEvent) => void;
  private readonly logEvery: number;
  private progress: PretrainProgress;
  private logSum = 0;
  private logN = 0;
  private started = false;

  constructor(private readonly opts: PretrainOptions) {
    const { corpus, wv, config, resume } = opts;
    const s = (this.settings = { ...PRETRAIN_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([k, v]) => k in PRETRAIN_DEFAULTS && v !== undefined)) } as PretrainSettings);
    if (!(Number.isInteger(opts.steps) && opts.steps >= 1)) throw new AttnError('E_INPUT', `pretrain: steps must be a positive integer, got ${opts.steps}`);
    if (config.dim !== wv.dim) throw new AttnError('E_INPUT', `pretrain: config.dim ${config.dim} is not the vectors' dimension ${wv.dim}`);
    if (!(s.maskRate > 0 && s.maskRate <= 1) || !(s.negatives >= 1) || !(s.batchSize >= 1)) throw new AttnError('E_INPUT', `pretrain: need 0 < maskRate ≤ 1, negatives ≥ 1 and batchSize ≥ 1 (got ${s.maskRate}, ${s.negatives}, ${s.batchSize})`);
    this.totalSteps = opts.steps;
    this.logEvery = opts.logEvery ?? 50;
    this.sampler = new UnigramSampler(corpus.counts);
    this.model = resume?.model ?? new PretrainModel(config, new Rng(s.seed));
    this.dropouts = [...this.model.modules()].filter((m): m is typeof m & { reseed(seed: number): void } => typeof (m as { reseed?: unknown }).reseed === 'function');
    this.emit = opts.onEvent ?? (() => {});
    const params = [...this.model.stateDict()].filter(([, p]) => p.requiresGrad);
    this.optimizer = new AdamW(params.map(([, p]) => p), { lr: s.lr, weightDecay: s.weightDecay });
    this.scheduler = new LRScheduler(this.optimizer, warmupCosine({ warmupSteps: Math.round(s.warmup * this.totalSteps), totalSteps: this.totalSteps }));
    this.progress = { step: 0, totalSteps: this.totalSteps, settings: s, curve: [], trainSeconds: 0, tokensSeen: 0 };
    if (resume) this.restore(resume, params);
  }

  get step(): number {
    return this.progress.step;
  }
  get finished(): boolean {
    return this.progress.step >= this.totalSteps;
  }

  private restore(resume: NonNullable<PretrainOptions['resume']>, params: [string, Tensor][]): void {
    const { meta, optimizer } = resume;
    const refuse = (why: string): never => {
      throw new AttnError('E_INPUT', `--resume: ${why}`);
    };
    const saved = meta.progress;
    const changed = (Object.keys(PRETRAIN_DEFAULTS) as (keyof PretrainSettings)[]).filter((k) => saved.settings[k] !== this.settings[k]);
    if (changed.length) refuse(`the run was started with ${changed.map((k) => `${k} ${saved.settings[k]}`).join(', ')}; now ${changed.map((k) => `${k} ${this.settings[k]}`).join(', ')} (resume with the same options)`);
    if (saved.totalSteps !== this.totalSteps) refuse(`the run was started with --steps ${saved.totalSteps}, now ${this.totalSteps}`);
    const cfgDiff = ENCODER_FIELDS.filter((k) => meta.model[k] !== this.opts.config[k]);
    if (cfgDiff.length) refuse(`the run has ${cfgDiff.map((k) => `${k} ${meta.model[k]}`).join(', ')}; now ${cfgDiff.map((k) => `${k} ${this.opts.config[k]}`).join(', ')}`);
    if (meta.corpus.tokens !== this.opts.corpus.tokens || meta.corpus.sequences !== this.opts.corpus.sequences.length) refuse(`the corpus differs from the run's (${meta.corpus.tokens} tokens in ${meta.corpus.sequences} sequences then, ${this.opts.corpus.tokens} in ${this.opts.corpus.sequences.length} now)`);
    if (saved.step > 0) {
      for (const [name, p] of params) {
        const m = optimizer.get(`${name}.exp_avg`), v = optimizer.get(`${name}.exp_avg_sq`);
        if (!m || !v || m.shape.join() !== p.shape.join() || v.shape.join() !== p.shape.join()) refuse(`optimizer.safetensors has no moments of shape (${p.shape}) for '${name}'`);
        noGrad(() => this.optimizer.state.set(p, { step: saved.step, expAvg: keep(clone(m!)), expAvgSq: keep(clone(v!)) }));
      }
    }
    this.progress = { ...saved, curve: [...saved.curve] };
    this.scheduler.stepCount = saved.step - 1;
    this.scheduler.step(); // the lr of step `saved.step`
  }

  /** The loss of global step `step`: its batch, masks, negatives and dropout masks all come from (seed, step). */
  private stepLoss(step: number): { loss: Tensor; tokens: number } {
    const { corpus, wv } = this.opts, s = this.settings;
    const rng = new Rng(mix(s.seed, step));
    for (const d of this.dropouts) d.reseed(rng.nextU32());
    const seqs = Array.from({ length: s.batchSize }, () => maskSequence(corpus.sequences[rng.int(corpus.sequences.length)], rng, () => this.sampler.sample(rng), { rate: s.maskRate }));
    const negatives = Array.from({ length: s.negatives }, () => this.sampler.sample(rng));
    const b = makePretrainBatch(seqs, wv.vectors, wv.dim);
    return { loss: sampledSoftmaxLoss(this.model.forward(b), b.targets, negatives, wv.vectors, wv.dim, this.sampler), tokens: b.tokens };
  }

  /** Train up to `steps` more steps (not past the schedule); `shouldStop` is polled before each. */
  async run({ steps = Infinity, shouldStop }: { steps?: number; shouldStop?: () => boolean } = {}): Promise<{ steps: number; stopped: boolean }> {
    const start = this.progress.step, end = Math.min(this.totalSteps, start + steps);
    if (!this.started) {
      const parameters = this.optimizer.params().reduce((a, p) => a + p.size, 0);
      this.emit({ type: 'start', step: start, totalSteps: this.totalSteps, sequences: this.opts.corpus.sequences.length, tokens: this.opts.corpus.tokens, parameters, resumed: start > 0 });
      this.started = true;
    }
    let tokens = 0;
    this.model.train();
    const t0 = performance.now();
    const summary = await trainLoop<number>({
      optimizer: this.optimizer, scheduler: this.scheduler, clipGradNorm: this.settings.clip, maxSteps: end - start,
      batches: function* () {
        for (let i = start; i < end; i++) yield i;
      },
      loss: (i) => {
        const r = this.stepLoss(i);
        tokens = r.tokens;
        return r.loss;
      },
      batchSize: () => tokens,
      shouldStop,
      onEvent: (e) => {
        if (e.type !== 'step') return;
        const p = this.progress;
        p.step = start + e.step;
        p.tokensSeen += e.examples;
        this.logSum += e.loss;
        this.logN++;
        if (p.step % this.logEvery === 0 || p.step === this.totalSteps) {
          p.curve.push([p.step, this.logSum / this.logN]);
          this.emit({ type: 'log', step: p.step, meanLoss: this.logSum / this.logN });
          this.logSum = this.logN = 0;
        }
        const elapsed = p.trainSeconds + (performance.now() - t0) / 1000;
        this.emit({ type: 'step', step: p.step, totalSteps: this.totalSteps, loss: e.loss, lr: e.lr, wordsPerSec: p.tokensSeen / Math.max(elapsed, 1e-6), elapsedMs: elapsed * 1000 });
      },
    });
    this.progress.trainSeconds += (performance.now() - t0) / 1000;
    return { steps: summary.steps, stopped: summary.stopped };
  }
  /** The folder's files now: model.safetensors, optimizer.safetensors (AdamW's moments) and config.json. */
  async files(about: Pick<PretrainedMeta, 'vectors' | 'corpus'>): Promise<{ 'model.safetensors': Uint8Array; 'optimizer.safetensors': Uint8Array; 'config.json': string }> {
    const meta: PretrainedMeta = { format: PRETRAINED_FORMAT, version: 1, model: { ...this.opts.config }, ...about, progress: this.progress };
    const moments = new Map<string, Tensor>();
    for (const [name, p] of this.model.stateDict()) {
      const st = this.optimizer.state.get(p);
      if (st?.expAvg instanceof Tensor) moments.set(`${name}.exp_avg`, st.expAvg).set(`${name}.exp_avg_sq`, st.expAvgSq as Tensor);
    }
    return {
      'model.safetensors': await saveSafetensors(this.model.stateDict(), { format: 'pt' }),
      'optimizer.safetensors': await saveSafetensors(moments, { format: 'pt', step: String(this.progress.step) }),
      'config.json': JSON.stringify(meta, null, 2) + '\n',
    };
  }
}

/** The encoder fields of a task model config (what `attn pretrain` builds to match `attn train`). */
export function encoderConfigOf(c: EncoderConfig): EncoderConfig {
  return Object.fromEntries(ENCODER_FIELDS.map((k) => [k, c[k]])) as EncoderConfig;
}
