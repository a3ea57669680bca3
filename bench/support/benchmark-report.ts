import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const REPORT = join(__dirname, '..', '..', 'docs', 'benchmarks.md');
const HEADER = `# Benchmarks

Each section is written by its \`npm run bench:*\` script, with the raw baseline measured in the same run on
the same machine, so the ratio is the figure to compare across machines. Re-run a script to refresh its
section; the others are kept.
`;

export function machineLine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Replaces (or appends) the section `## <title>` of docs/benchmarks.md. */
export function writeBenchmarkSection(title: string, body: string): void {
  const current = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : HEADER;
  const section = `## ${title}\n\n_Measured ${new Date().toISOString()} on ${machineLine()}._\n\n${body.trim()}\n`;
  const pattern = new RegExp(`## ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n## |$)`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(REPORT, next.endsWith('\n') ? next : next + '\n');
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
