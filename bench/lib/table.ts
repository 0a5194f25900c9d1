/** Plain-text tables for the benchmark report: aligned columns, numbers right-aligned. */

/** A table: a title, column headings, rows of cells, and notes printed under it. */
export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

/** `value` in milliseconds with `digits` decimals (3 below 10 ms, 2 above, by default). */
export function ms(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toFixed(digits ?? (Math.abs(value) < 10 ? 3 : 2));
}

/** A ratio such as `1.42×`. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}

/** Bytes as MB (10^6) with two decimals, or kB below one MB. */
export function bytes(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 1e6 ? `${(value / 1e6).toFixed(2)} MB` : `${(value / 1e3).toFixed(1)} kB`;
}

/** Render `table` with aligned columns (first column left-aligned, the rest right-aligned). */
export function renderTable(table: Table): string {
  const cells = [table.columns, ...table.rows.map((r) => r.map(String))];
  const widths = table.columns.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [`## ${table.title}`, '', line(table.columns), rule, ...cells.slice(1).map(line)];
  if (table.notes && table.notes.length > 0) out.push('', ...table.notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}
