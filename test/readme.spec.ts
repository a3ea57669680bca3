import { loadConfig } from '@app/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The README is what a newcomer follows word for word: these keep it true as the code moves. */
describe('README.md', () => {
  const readme = read('README.md');
  const section = (heading: string) => {
    const start = readme.indexOf(`## ${heading}\n`);
    if (start < 0) throw new Error(`README has no "## ${heading}" section`);
    const next = readme.indexOf('\n## ', start + 1);
    return readme.slice(start, next < 0 ? undefined : next);
  };
  const bashBlocks = (text: string) => [...text.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('shows scripts/walkthrough.sh verbatim', () => {
    expect(bashBlocks(section('A walk-through with curl'))[0]).toBe(read('scripts/walkthrough.sh'));
  });

  it('opens with the two commands', () => {
    expect(bashBlocks(readme)[0].split('\n').map((line) => line.split('#')[0].trim()).filter(Boolean)).toEqual(['docker compose up', 'npm test']);
  });

  it('runs without Docker with npm scripts that exist', () => {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    const commands = bashBlocks(section('Running without Docker'))[0];
    const used = [...commands.matchAll(/npm (?:run )?([a-z:-]+)/g)].map((m) => m[1]).filter((name) => name !== 'ci');
    expect(used.length).toBeGreaterThan(3);
    for (const name of used) expect({ name, defined: name in scripts }).toEqual({ name, defined: true });
    expect(commands).toContain('cp .env.example .env');
  });

  it('documents every variable of .env.example, and the port and database the defaults use', () => {
    const table = section('Configuration');
    const names = [...read('.env.example').matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect({ name, documented: table.includes(`\`${name}\``) }).toEqual({ name, documented: true });
    const defaults = loadConfig({});
    expect(table).toContain(`| \`PORT\` | \`${defaults.port}\` |`);
    expect(table).toContain(`| \`DATABASE_URL\` | \`${defaults.databaseUrl}\` |`);
  });
});
