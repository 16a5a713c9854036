// Where to put a word label beside its point so that no two labels overlap: a greedy search, point by point, over
// spots at growing distances around it (above first, then below, right, left), keeping the first spot whose box
// meets no label already placed and stays inside the frame. Not a force layout: a few dozen labels, one pass.

export interface LabelBox {
  /** Centre of the label, in pixels. */
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlap = (a: LabelBox, b: LabelBox) =>
  Math.max(0, Math.min(a.x + a.w / 2, b.x + b.w / 2) - Math.max(a.x - a.w / 2, b.x - b.w / 2)) *
  Math.max(0, Math.min(a.y + a.h / 2, b.y + b.h / 2) - Math.max(a.y - a.h / 2, b.y - b.h / 2));

/**
 * Label centres for `points` (pixels) with text widths `widths` and line height `lineH`, inside [0, frameW] × [0, frameH].
 * When no spot is free (a crowd), the one with the least overlap is kept.
 * @example placeLabels([{ x: 10, y: 10 }, { x: 12, y: 10 }], [30, 30], 14, 200, 100)
 */
export function placeLabels(points: { x: number; y: number }[], widths: number[], lineH: number, frameW: number, frameH: number): LabelBox[] {
  const placed: LabelBox[] = [];
  // Points from the top, so that labels above them fill the free space first.
  const order = points.map((_, i) => i).sort((a, b) => points[a].y - points[b].y || points[a].x - points[b].x);
  const out: LabelBox[] = new Array(points.length);
  for (const i of order) {
    const { x, y } = points[i], w = widths[i], h = lineH;
    let best: LabelBox | undefined, bestCost = Infinity;
    for (const r of [1, 2, 3, 4]) {
      const side = w / 2 + 6 * r, up = (h / 2 + 5) + (r - 1) * h;
      const spots: [number, number][] = [[0, -up], [0, up], [side, 0], [-side, 0], [side, -up], [-side, -up], [side, up], [-side, up]];
      for (const [dx, dy] of spots) {
        const box = { x: x + dx, y: y + dy, w, h };
        const outside = Math.max(0, w / 2 - box.x) + Math.max(0, box.x + w / 2 - frameW) + Math.max(0, h / 2 - box.y) + Math.max(0, box.y + h / 2 - frameH);
        const cost = placed.reduce((a, p) => a + overlap(box, p), 0) + outside * h;
        if (cost < bestCost) [best, bestCost] = [box, cost];
        if (cost === 0) break;
      }
      if (bestCost === 0) break;
    }
    out[i] = best!;
    placed.push(best!);
  }
  return out;
}
