/** One measured case: its median, the unit, and the target with its direction. */
export interface Measured {
  name: string;
  median: number;
  unit: 'ms' | 'fps' | 'nodes';
  target?: { value: number; better: 'lower' | 'higher' };
  note?: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Prints the cases as a table of medians against their targets. */
export function printTargets(title: string, rows: Measured[]): void {
  const lines = rows.map((row) => {
    const value = row.unit === 'ms' ? `${row.median.toFixed(0)} ms` : row.unit === 'fps' ? `${row.median.toFixed(1)} fps` : `${row.median.toFixed(0)}`;
    const target = row.target ? `${row.target.better === 'lower' ? '<' : '≥'} ${row.target.value} ${row.unit}` : '';
    const verdict = !row.target
      ? ''
      : (row.target.better === 'lower' ? row.median < row.target.value : row.median >= row.target.value)
        ? 'ok'
        : 'MISSED';
    return [row.name, value, target, verdict, row.note ?? ''];
  });
  const header = ['case', 'median', 'target', '', 'note'];
  const widths = header.map((cell, column) => Math.max(cell.length, ...lines.map((line) => (line[column] as string).length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd();
  console.log(`\n${title}\n${format(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n${lines.map(format).join('\n')}\n`);
}
