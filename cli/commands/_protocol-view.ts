// `attn train --folds K --seeds N`: the protocol's progress bar on stderr (one bar over all runs; one line per run
// when stderr is not a terminal), its table and its --json fields. The runs themselves are the library's
// crossValidate.
import cliProgress from 'cli-progress';
import type { CrossValidateEvent, CrossValidateResult, ProtocolRecord } from '../../src/index.js';
import { r } from '../output.js';
import { table } from '../render/text.js';

export function protocolProgress(task: string, json: boolean): { onEvent: (e: CrossValidateEvent) => void; stop: () => void } {
  const tty = process.stderr.isTTY && !process.env.CI;
  let bar: cliProgress.SingleBar | undefined, run = { seed: 0, fold: 0, kind: '' }, last = '–';
  const onEvent = (e: CrossValidateEvent) => {
    if (e.type === 'start') {
      if (!json) process.stderr.write(`${task} protocol: ${e.folds} folds × ${e.seeds} seed(s) × ${e.kinds.join(' + ')} = ${e.runs} trainings\n`);
      if (tty) {
        bar = new cliProgress.SingleBar({ format: `${task} protocol [{bar}] {percentage}% | seed {seed} fold {fold} {kind} | step {step}/{steps} | last {metric} {last} | ETA {eta_formatted}`, hideCursor: true, stream: process.stderr, etaBuffer: 200 }, cliProgress.Presets.shades_classic);
        bar.start(e.runs * 1000, 0, { seed: 0, fold: 1, kind: '', step: 0, steps: 0, metric: e.metric, last });
      }
    } else if (e.type === 'run') {
      run = { seed: e.seed, fold: e.fold + 1, kind: e.kind };
    } else if (e.type === 'train' && e.event.type === 'step') {
      // Progress within a run by its steps: runs stopped early jump to their end.
      bar?.update(e.index * 1000 + Math.floor((1000 * e.event.step) / e.event.totalSteps), { ...run, step: e.event.step, steps: e.event.totalSteps, last });
    } else if (e.type === 'result') {
      last = e.value.toFixed(4);
      bar?.update((e.index + 1) * 1000, { ...run, last });
      if (!tty && !json) process.stderr.write(`${task} protocol: seed ${e.seed} fold ${e.fold + 1} ${e.kind}: ${e.value.toFixed(4)}\n`);
    }
  };
  return { onEvent, stop: () => bar?.stop() };
}

/** The protocol as the model card records it. */
export function protocolRecord(cv: CrossValidateResult, split: string): ProtocolRecord {
  return {
    folds: cv.folds, seeds: cv.seeds, metric: cv.metric, split,
    model: { mean: cv.model.mean, sd: cv.model.sd }, baseline: cv.baseline && { mean: cv.baseline.mean, sd: cv.baseline.sd },
    runs: cv.runs.map((x) => ({ seed: x.seed, fold: x.fold, value: x.value, baseline: x.baseline })),
  };
}

/** --json: mean, sd and per-run scores of model and baseline. */
export function protocolJson(cv: CrossValidateResult) {
  const spread = (s: { mean: number; sd: number; n: number } | null) => s && { mean: r(s.mean), sd: r(s.sd), n: s.n };
  return {
    folds: cv.folds, seeds: cv.seeds, metric: cv.metric, model: spread(cv.model), baseline: spread(cv.baseline), gain: spread(cv.gain),
    runs: cv.runs.map((x) => ({ seed: x.seed, fold: x.fold + 1, trainExamples: x.trainExamples, stopExamples: x.stopExamples, valExamples: x.valExamples, model: r(x.value), baseline: x.baseline === null ? null : r(x.baseline) })),
  };
}

/** The human table: one row per run, then mean ± sd. */
export function protocolTable(cv: CrossValidateResult): string {
  const b = cv.baseline !== null, f = (x: number) => x.toFixed(4);
  const rows = cv.runs.map((x) => [String(x.seed), String(x.fold + 1), x.trainExamples.toLocaleString('en'), x.stopExamples.toLocaleString('en'), x.valExamples.toLocaleString('en'), f(x.value), ...(b ? [f(x.baseline!), f(x.value - x.baseline!)] : [])]);
  const pm = (s: { mean: number; sd: number }) => `${f(s.mean)} ± ${f(s.sd)}`;
  rows.push(['mean ± sd', '', '', '', '', pm(cv.model), ...(b ? [pm(cv.baseline!), pm(cv.gain!)] : [])]);
  return table(['seed', 'fold', 'train', 'early stop', 'val', `model ${cv.metric}`, ...(b ? ['static baseline', 'gain'] : [])], rows);
}
