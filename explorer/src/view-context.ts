// What every view receives: the state, a way to change it, the worker, and a polite announcer.
// A view is { load(state) → data | null (stale), render(panel, data) }; main.ts does the rest.
import type { AppState } from './state';
import type { WorkerClient } from './client';
import type { SentenceInfo } from './protocol';

export interface ViewContext {
  state: AppState;
  client: WorkerClient;
  /** Change the state; `rerender: false` keeps the current panel (e.g. picking a heatmap row). */
  set(patch: Partial<AppState>, opts?: { push?: boolean; rerender?: boolean }): void;
  announce(message: string): void;
}

export interface View<D> {
  id: string;
  title: string;
  /** Draws charts with Observable Plot: the page loads Plot before rendering it. */
  plots?: boolean;
  /** Fetch this view's data for the state; null when a newer request replaced it. */
  load(ctx: ViewContext): Promise<D | null>;
  render(panel: HTMLElement, data: D, ctx: ViewContext): void;
  /** The main sentence's tokens, for the strip above the views (known / unknown words). */
  sentenceOf?(data: D): SentenceInfo | null;
}
