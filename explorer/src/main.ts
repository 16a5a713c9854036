// The explorer's page: the sentence box, the examples, the token strip (unknown words marked with
// suggestions), the view tabs and the panel. State lives in the URL hash; computation in the worker.
// Measures itself: window.__attnlab records the first useful paint and each update's duration.
import { client, vectorsRequestedAt, vectorsCached } from './boot';
import './style.css';
import { h } from './dom';
import { DEFAULTS, EXAMPLES, VIEWS, parseHash, toHash, type AppState, type ViewId } from './state';
import type { SentenceInfo } from './protocol';
import type { View, ViewContext } from './view-context';
import { staticView } from './views/static';
import { attentionView } from './views/attention';
import { contextualView } from './views/contextual';
import { polysemyView } from './views/polysemy';
import { orderView } from './views/order';
import { modelsView } from './views/models';
import { howView } from './views/how';
import { tokenStrip } from './token-strip';
import { loadPlot } from './plot';

const views: Record<ViewId, View<any>> = {
  static: staticView, attention: attentionView, contextual: contextualView,
  polysemy: polysemyView, order: orderView, models: modelsView, how: howView,
};

interface Perf {
  firstUsefulPaint: number | null;
  /** requestedAt: when the page asked for the vectors, in ms after navigation start. */
  vectors: { requestedAt: number; fetchMs: number; parseMs: number; source: string; words: number } | null;
  /** True once the vectors are stored in the Cache API. */
  cached: boolean;
  /** ms: input event → view rendered; computeMs in the worker; renderMs building the DOM; paintMs from the start of
   *  rendering to the frame after it (style, layout, paint, the heatmap's canvas), null until that frame is shown;
   *  drawnMs from the input event (its timeStamp) to that frame: what the reader waits for after a keystroke. */
  updates: { view: ViewId; sentence: string; words: number; ms: number; computeMs: number; renderMs: number; paintMs: number | null; drawnMs: number | null }[];
}
const perf: Perf = { firstUsefulPaint: null, vectors: null, cached: false, updates: [] };
void vectorsCached.then((ok) => (perf.cached = ok));
(window as unknown as { __attnlab: Perf }).__attnlab = perf;

let state: AppState = parseHash(location.hash);

// ---- the shell -------------------------------------------------------------------------------
const input = h('input', { id: 'sentence', type: 'text', value: state.sentence, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'sentence-help' });
const tokens = h('div', { class: 'tokens', id: 'tokens', 'aria-live': 'polite' });
const status = h('p', { class: 'status', role: 'status' }, 'Loading 50,000 GloVe word vectors…');
const badge = h('span', { class: 'backend-badge', 'data-testid': 'backend-badge', hidden: '' });
const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Views' });
const panel = h('section', { class: 'panel', id: 'panel', role: 'tabpanel', tabindex: '-1' });
const announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });

for (const id of VIEWS) {
  tabs.append(h('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': 'panel', 'data-view': id, onclick: () => set({ view: id }, { push: true }) }, views[id].title));
}
tabs.addEventListener('keydown', (e) => {
  const i = VIEWS.indexOf(state.view);
  const next = e.key === 'ArrowRight' ? (i + 1) % VIEWS.length : e.key === 'ArrowLeft' ? (i + VIEWS.length - 1) % VIEWS.length
    : e.key === 'Home' ? 0 : e.key === 'End' ? VIEWS.length - 1 : -1;
  if (next < 0) return;
  e.preventDefault();
  set({ view: VIEWS[next] }, { push: true });
  document.getElementById(`tab-${VIEWS[next]}`)?.focus();
});

let inputAt = 0; // when the edit being answered happened (performance.now() clock)
input.addEventListener('input', (e) => {
  inputAt = e.timeStamp;
  set({ sentence: input.value, row: null });
});

document.getElementById('app')!.append(
  h('a', { class: 'skip', href: '#panel' }, 'Skip to the view'),
  h('header', {}, h('h1', {}, 'attnlab ', h('span', {}, 'explorer'), ' ', badge),
    h('p', {}, 'Self-attention on real GloVe word vectors, computed in your browser.')),
  h('form', { class: 'sentence-form', onsubmit: (e: Event) => e.preventDefault() },
    h('label', { for: 'sentence' }, 'Sentence'), input,
    h('p', { id: 'sentence-help', class: 'help' }, 'Words are lower-cased and punctuation is split off, as in GloVe. Unknown words are skipped and marked below.'),
    h('div', { class: 'examples', role: 'group', 'aria-label': 'Examples' }, h('span', {}, 'Examples:'),
      EXAMPLES.map((ex) => h('button', { type: 'button', onclick: () => { inputAt = performance.now(); set({ ...ex.patch, row: null }, { push: true }); } }, ex.label)))),
  tokens,
  h('nav', {}, tabs),
  panel,
  h('footer', {}, status, announcer,
    h('p', {}, 'GloVe 6B 100d (Pennington et al., 2014; PDDL), 50,000 most frequent words. No data leaves this page.')),
);

// ---- state ------------------------------------------------------------------------------------
const ctx: ViewContext = {
  get state() {
    return state;
  },
  client,
  set: (patch, opts) => set(patch, opts),
  announce: (m) => (announcer.textContent = m),
};

function set(patch: Partial<AppState>, opts: { push?: boolean; rerender?: boolean } = {}): void {
  state = { ...state, ...patch };
  const hash = toHash(state);
  if (hash !== location.hash) history[opts.push ? 'pushState' : 'replaceState'](null, '', hash);
  if (opts.rerender !== false) void update();
}

const fromUrl = () => {
  const next = parseHash(location.hash);
  if (toHash(next) === toHash(state)) return; // back/forward fires both popstate and hashchange
  state = next;
  void update();
};
window.addEventListener('popstate', fromUrl);
window.addEventListener('hashchange', fromUrl);

// ---- rendering --------------------------------------------------------------------------------
let generation = 0;
async function update(): Promise<void> {
  const started = inputAt || performance.now();
  inputAt = 0;
  const view = views[state.view], mine = ++generation;
  if (input.value !== state.sentence) input.value = state.sentence;
  for (const b of tabs.querySelectorAll<HTMLButtonElement>('[role=tab]')) {
    const on = b.dataset.view === state.view;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
  }
  panel.setAttribute('aria-labelledby', `tab-${state.view}`);
  let data: unknown;
  try {
    [data] = await Promise.all([view.load(ctx), view.plots ? loadPlot() : null]);
  } catch (e) {
    panel.replaceChildren(h('p', { class: 'error' }, `Could not compute this view: ${(e as Error).message}`));
    return;
  }
  if (data === null || mine !== generation) return; // a newer edit is on its way
  const sentence = view.sentenceOf?.(data) ?? null;
  tokens.replaceChildren(...(sentence ? tokenStrip(sentence, (from, to) => replaceWord(from, to)) : []));
  const renderStart = performance.now();
  renderPreservingFocus(() => {
    panel.replaceChildren();
    view.render(panel, data, ctx);
  });
  const renderMs = performance.now() - renderStart;
  panel.dataset.view = state.view;
  panel.dataset.sentence = state.sentence;
  const ms = performance.now() - started;
  const done: Perf['updates'][number] = { view: state.view, sentence: state.sentence, words: sentence?.words.length ?? 0, ms, computeMs: client.lastComputeMs, renderMs, paintMs: null, drawnMs: null };
  perf.updates.push(done);
  requestAnimationFrame(() => setTimeout(() => {
    done.paintMs = performance.now() - renderStart;
    done.drawnMs = performance.now() - started;
  }));
  if (perf.firstUsefulPaint === null && sentence && sentence.words.length) {
    perf.firstUsefulPaint = -1;
    requestAnimationFrame(() => setTimeout(() => {
      perf.firstUsefulPaint = performance.now();
      performance.mark('attnlab:first-useful-paint');
      void loadPlot(); // the other views' charts, fetched while the reader looks at the first one
    }));
  }
}

/** Re-rendering replaces the panel; keep the focused control (and its caret) where it was. */
function renderPreservingFocus(render: () => void): void {
  const active = document.activeElement as HTMLInputElement | null;
  const inPanel = active && panel.contains(active) ? active : null;
  // Controls are found again by id; a heatmap's cell by its grid's label (the new grid starts at the cell focused last).
  const grid = inPanel?.getAttribute('role') === 'gridcell' ? inPanel.closest('[role="grid"]')?.getAttribute('aria-label') : null;
  const selector = !inPanel ? '' : inPanel.id ? `#${CSS.escape(inPanel.id)}`
    : grid ? `[role="grid"][aria-label="${CSS.escape(grid)}"] [role="gridcell"]` : '';
  // selectionStart is null for checkboxes and selects: only text boxes get their caret back.
  const caret = selector && inPanel!.selectionStart != null ? [inPanel!.selectionStart, inPanel!.selectionEnd] : null;
  render();
  if (!selector) return;
  const again = panel.querySelector<HTMLInputElement>(selector);
  again?.focus();
  if (again && caret) again.setSelectionRange(caret[0], caret[1]);
}

function replaceWord(from: string, to: string): void {
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[^\\p{L}\\p{N}])`, 'iu');
  set({ sentence: state.sentence.replace(re, `$1${to}`) });
  input.focus();
}

client.onReady = (m) => {
  perf.vectors = { requestedAt: vectorsRequestedAt, fetchMs: m.fetchMs, parseMs: m.parseMs, source: m.source, words: m.words };
  const b = m.backend;
  const threads = `${b.threads} thread${b.threads === 1 ? '' : 's'}`;
  const on = `Computing on ${b.name}, ${b.adapter ? `adapter ${b.adapter}` : threads}${b.note ? ` (${b.note})` : ''}.`;
  // The badge: which backend computes, at a glance (the status line beneath says why it is not a faster one).
  badge.textContent = b.name === 'wasm' ? `wasm · ${threads}` : b.name;
  badge.title = on;
  badge.dataset.backend = b.name;
  badge.hidden = false;
  status.textContent = `${m.words.toLocaleString('en')} word vectors of ${m.dim} dimensions loaded (${m.source === 'cache' ? 'from the browser cache' : 'downloaded once, now cached'}). ${on}`;
  status.dataset.backend = b.name;
  status.dataset.threads = String(b.threads);
};
client.onLoadError = (message) => {
  status.textContent = `The word vectors could not be loaded: ${message}`;
  status.classList.add('error');
};

if (!location.hash) history.replaceState(null, '', toHash({ ...DEFAULTS, ...state }));
void update();
