// The explorer's whole state, and its round trip through the URL hash so a link restores the
// sentence and the view: #view=attention&s=Humans+love+smartphones&row=1. Defaults are left out.
// Layers and heads are numbered from 1 in the URL, as on screen (#view=models&model=sst2&layer=1&head=2).
import type { Positions } from './protocol';

export const VIEWS = ['static', 'attention', 'how', 'contextual', 'polysemy', 'order', 'models'] as const;
export type ViewId = (typeof VIEWS)[number];

export interface AppState {
  view: ViewId;
  /** The sentence every view starts from. */
  sentence: string;
  /** Divide scores by √C (attention, contextual, polysemy, order). */
  scale: boolean;
  positions: Positions;
  /** Attention heatmap colours span 0 → the largest weight instead of 0 → 1. */
  stretch: boolean;
  /** The attention row whose computation is spelled out (the query word of "How it works"), or null. */
  row: number | null;
  /** Polysemy: the second context, and the shared word to compare. */
  second: string;
  word: string;
  /** Order: the same words in another order ('' = the sentence reversed). */
  reordered: string;
  /** Trained models: the model's folder name ('' = the first), its layer (from 0), and a head (from 0; null = average of heads). */
  model: string;
  layer: number;
  head: number | null;
  /** Trained models, idioms: the expression to look for in the sentence. */
  expression: string;
}

export const DEFAULTS: AppState = {
  view: 'attention',
  sentence: 'Humans love smartphones',
  scale: true,
  positions: 'none',
  stretch: false,
  row: null,
  second: 'He sat on the river bank',
  word: 'bank',
  reordered: '',
  model: '',
  layer: 0,
  head: null,
  expression: 'break a leg',
};

const KEYS: Record<keyof AppState, string> = {
  view: 'view', sentence: 's', scale: 'scale', positions: 'pos', stretch: 'colours', row: 'row', second: 'b', word: 'w', reordered: 'o',
  model: 'model', layer: 'layer', head: 'head', expression: 'x',
};

/** "How it works" opened without a sentence draws the figure's own example. */
export const FIGURE_SENTENCE = 'money bank grows';

export function parseHash(hash: string): AppState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const get = (k: keyof AppState) => p.get(KEYS[k]);
  const view = get('view');
  const row = Number(get('row'));
  /** A positive integer in the URL → an index from 0; anything else → null. */
  const fromOne = (k: keyof AppState) => {
    const n = Number(get(k));
    return get(k) !== null && Number.isInteger(n) && n >= 1 ? n - 1 : null;
  };
  return {
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as ViewId) : DEFAULTS.view,
    sentence: get('sentence') ?? (view === 'how' ? FIGURE_SENTENCE : DEFAULTS.sentence),
    scale: get('scale') !== '0',
    positions: get('positions') === 'sinusoidal' ? 'sinusoidal' : 'none',
    stretch: get('stretch') === 'max',
    row: get('row') !== null && Number.isInteger(row) && row >= 0 ? row : null,
    second: get('second') ?? DEFAULTS.second,
    word: get('word') ?? DEFAULTS.word,
    reordered: get('reordered') ?? DEFAULTS.reordered,
    model: get('model') ?? DEFAULTS.model,
    layer: fromOne('layer') ?? DEFAULTS.layer,
    head: fromOne('head'),
    expression: get('expression') ?? DEFAULTS.expression,
  };
}

export function toHash(s: AppState): string {
  const p = new URLSearchParams();
  p.set(KEYS.view, s.view);
  p.set(KEYS.sentence, s.sentence);
  if (!s.scale) p.set(KEYS.scale, '0');
  if (s.positions !== DEFAULTS.positions) p.set(KEYS.positions, s.positions);
  if (s.stretch) p.set(KEYS.stretch, 'max');
  if (s.row !== null) p.set(KEYS.row, String(s.row));
  if (s.second !== DEFAULTS.second) p.set(KEYS.second, s.second);
  if (s.word !== DEFAULTS.word) p.set(KEYS.word, s.word);
  if (s.reordered !== DEFAULTS.reordered) p.set(KEYS.reordered, s.reordered);
  if (s.model !== DEFAULTS.model) p.set(KEYS.model, s.model);
  if (s.layer !== DEFAULTS.layer) p.set(KEYS.layer, String(s.layer + 1));
  if (s.head !== null) p.set(KEYS.head, String(s.head + 1));
  if (s.expression !== DEFAULTS.expression) p.set(KEYS.expression, s.expression);
  return '#' + p.toString();
}

/** The built-in examples: one sentence, or a pair that opens the polysemy view. */
export const EXAMPLES: { label: string; patch: Partial<AppState> }[] = [
  { label: 'Humans love smartphones', patch: { sentence: 'Humans love smartphones' } },
  { label: 'money bank grows', patch: { sentence: 'money bank grows' } },
  { label: 'He deposited money in the bank / He sat on the river bank',
    patch: { sentence: 'He deposited money in the bank', second: 'He sat on the river bank', word: 'bank', view: 'polysemy' } },
  { label: 'break a leg', patch: { sentence: 'break a leg' } },
];
