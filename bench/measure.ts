/** Runs `work` `samples` times after `warmup` runs and returns the median duration in milliseconds. */
export async function medianMs(work: () => unknown, samples = 30, warmup = 5): Promise<number> {
  for (let index = 0; index < warmup; index++) await work();
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  return times.length % 2 === 1 ? (times[middle] as number) : ((times[middle - 1] as number) + (times[middle] as number)) / 2;
}

export interface Row {
  name: string;
  medianMs: number;
  /** The row this one is compared with, by name. */
  baseline?: string;
}

/** Prints rows as a table with the ratio of each median to its baseline's. */
export function printTable(title: string, rows: Row[]): void {
  const byName = new Map(rows.map((row) => [row.name, row]));
  const lines = rows.map((row) => {
    const base = row.baseline ? byName.get(row.baseline) : undefined;
    const ratio = base ? `${(row.medianMs / base.medianMs).toFixed(2)}× ${row.baseline}` : 'baseline';
    return [row.name, row.medianMs < 1 ? `${(row.medianMs * 1000).toFixed(1)} µs` : `${row.medianMs.toFixed(2)} ms`, ratio];
  });
  const header = ['case', 'median', 'ratio'];
  const widths = header.map((cell, column) => Math.max(cell.length, ...lines.map((line) => (line[column] as string).length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ');
  console.log(`\n${title}\n${format(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n${lines.map(format).join('\n')}\n`);
}
