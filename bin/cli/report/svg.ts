/** SVG drawing primitives of the reports and the simulator's plot: text escaping, numbers, axes, paths, legends. */

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate with one decimal. */
export function f(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** A fraction as a percentage with one decimal (0.05 → 5%). */
export function pct(v: number): string {
  return `${Math.round(v * 1000) / 10}%`;
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceCeiling(v: number): number {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (v <= m * p + 1e-12) return m * p;
  return 10 * p;
}

export interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** A panel's frame, its y label (rotated), horizontal grid lines with labels, and x ticks from 0 to `xEnd`. */
export function axes(p: Frame, xEnd: number, x: (v: number) => number, yTicks: ReadonlyArray<[number, string]>, label: string,
  xTickLabel: (v: number) => string = String): string[] {
  const bottom = p.top + p.height;
  const mid = p.top + p.height / 2;
  const labelX = Math.max(12, p.left - 52);
  const parts = [
    `<rect x="${p.left}" y="${p.top}" width="${p.width}" height="${p.height}" fill="none" stroke="#cccccc"/>`,
    `<text x="${labelX}" y="${mid}" text-anchor="middle" transform="rotate(-90 ${labelX} ${mid})">${esc(label)}</text>`,
  ];
  for (const [y, text] of yTicks) {
    parts.push(`<line x1="${p.left}" y1="${f(y)}" x2="${p.left + p.width}" y2="${f(y)}" stroke="#eeeeee"/>` +
      `<text x="${p.left - 6}" y="${f(y + 4)}" text-anchor="end">${esc(text)}</text>`);
  }
  const step = niceCeiling(xEnd / 8);
  for (let s = 0; s <= xEnd + 1e-9; s += step) {
    parts.push(`<line x1="${f(x(s))}" y1="${bottom}" x2="${f(x(s))}" y2="${bottom + 4}" stroke="#333333"/>` +
      `<text x="${f(x(s))}" y="${bottom + 16}" text-anchor="middle">${esc(xTickLabel(Math.round(s * 1e6) / 1e6))}</text>`);
  }
  return parts;
}

/** A step line (values hold between points), starting at (x0, y0). */
export function stepPath(id: string, points: ReadonlyArray<[number, number]>, x0: number, y0: number, color: string, dash = ''):
string {
  let d = `M${f(x0)},${f(y0)}`;
  let prevY = y0;
  for (const [px, py] of points) {
    if (py !== prevY) d += ` V${f(py)}`;
    d += ` H${f(px)}`;
    prevY = py;
  }
  return `<path id="${id}" d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

/** A polyline with gaps where a point is undefined (no data). */
export function linePath(id: string, points: ReadonlyArray<[number, number] | undefined>, color: string): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${d ? ' ' : ''}${pen ? 'L' : 'M'}${f(p[0])},${f(p[1])}`;
    pen = true;
  }
  return `<path id="${id}" d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`;
}

/** Legend entries (label, color, dash or 'area') stacked from (x0, top). */
export function legend(x0: number, top: number, items: ReadonlyArray<[string, string, string]>): string {
  return items.map(([label, color, dash], i) => {
    const y = top + 14 + i * 18;
    const mark = dash === 'area'
      ? `<rect x="${x0}" y="${y - 6}" width="24" height="10" fill="${color}" fill-opacity="0.25"/>`
      : `<line x1="${x0}" y1="${y}" x2="${x0 + 24}" y2="${y}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
    return `${mark}<text x="${x0 + 30}" y="${y + 4}">${esc(label)}</text>`;
  }).join('\n');
}
