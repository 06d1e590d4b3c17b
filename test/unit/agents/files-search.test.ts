import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesSearchAgent, globMatcher } from '../../../engine/agents/builtin/files-search';
import { makeContext, makeTempWorkspace, rejection, runAgent, type TempWorkspace } from './fake-context';

describe('files.search agent', () => {
  let temp: TempWorkspace;
  const search = (input: Record<string, unknown>, signal?: AbortSignal) =>
    runAgent(filesSearchAgent, input, makeContext({ workspace: temp.workspace, signal }));

  beforeEach(() => {
    temp = makeTempWorkspace();
    mkdirSync(join(temp.readDir, 'notes'));
    writeFileSync(join(temp.readDir, 'notes', 'meeting.md'), 'Agenda\nBudget review with Dana\nNext steps\n');
    writeFileSync(join(temp.readDir, 'notes', 'budget-2025.txt'), 'rent 1000\nfood 300\n');
    writeFileSync(join(temp.readDir, 'readme.md'), 'nothing relevant here\n');
  });
  afterEach(() => temp.remove());

  it('finds lines ignoring case and files by name, with paths, line numbers and a text for the next step', async () => {
    const output = await search({ query: 'BUDGET' });
    const meeting = join(temp.readDir, 'notes', 'meeting.md');
    const budget = join(temp.readDir, 'notes', 'budget-2025.txt');
    expect(output.matches).toEqual([
      { path: budget, line: 0, text: 'budget-2025.txt' },
      { path: meeting, line: 2, text: 'Budget review with Dana' },
    ]);
    expect(output.text).toBe(`${budget}\n${meeting}:2: Budget review with Dana`);
    expect(output).toMatchObject({ filesScanned: 3, truncated: false });
  });

  it('also searches the output folder', async () => {
    mkdirSync(temp.outputDir);
    writeFileSync(join(temp.outputDir, 'summary.md'), 'Budget approved\n');
    const output = await search({ query: 'approved' });
    expect(output.matches).toEqual([{ path: join(temp.outputDir, 'summary.md'), line: 1, text: 'Budget approved' }]);
  });

  it('skips node_modules, .git and binary files', async () => {
    for (const folder of ['node_modules', '.git']) {
      mkdirSync(join(temp.readDir, folder));
      writeFileSync(join(temp.readDir, folder, 'index.js'), 'budget');
    }
    writeFileSync(join(temp.readDir, 'image.png'), Buffer.concat([Buffer.from([0x89, 0, 0, 0]), Buffer.from('budget')]));
    const output = await search({ query: 'budget' });
    expect(output.matches.map((match) => match.path)).toEqual([
      join(temp.readDir, 'notes', 'budget-2025.txt'),
      join(temp.readDir, 'notes', 'meeting.md'),
    ]);
  });

  it('filters by glob and by folder', async () => {
    expect((await search({ query: 'e', glob: '*.md' })).matches.every((match) => match.path.endsWith('.md'))).toBe(true);
    expect((await search({ query: 'budget', glob: '*.txt' })).matches).toHaveLength(1);
    const inNotes = await search({ query: 'relevant', folder: 'notes' });
    expect(inNotes).toMatchObject({ matches: [], filesScanned: 2 });
  });

  it('stops at maxResults and says the list is truncated', async () => {
    writeFileSync(join(temp.readDir, 'many.txt'), Array.from({ length: 20 }, (_, index) => `budget line ${index}`).join('\n'));
    const output = await search({ query: 'budget line', maxResults: 5 });
    expect(output.matches.map((match) => match.line)).toEqual([1, 2, 3, 4, 5]);
    expect(output.truncated).toBe(true);
    expect((await search({ query: 'budget line', maxResults: 20 })).truncated).toBe(false);
  });

  it('skips the contents of files over maxFileBytes', async () => {
    expect((await search({ query: 'food', maxFileBytes: 10 })).matches).toEqual([]);
    expect((await search({ query: 'food' })).matches).toHaveLength(1);
  });

  it('refuses folders outside and does not follow links out', async () => {
    writeFileSync(join(temp.outsideDir, 'secret.txt'), 'budget secret');
    symlinkSync(temp.outsideDir, join(temp.readDir, 'linked'));
    symlinkSync(join(temp.outsideDir, 'secret.txt'), join(temp.readDir, 'linked.txt'));
    expect((await rejection(search({ query: 'budget', folder: temp.outsideDir }))).message).toContain('is outside the folders this workspace may read');
    expect((await rejection(search({ query: 'budget', folder: 'linked' }))).message).toContain('is outside the folders');
    const output = await search({ query: 'secret' });
    expect(output.matches).toEqual([]);
  });

  it('stops with an AbortError when the run is cancelled', async () => {
    for (let index = 0; index < 400; index += 1) writeFileSync(join(temp.readDir, `file-${index}.txt`), 'budget\n');
    const controller = new AbortController();
    const running = search({ query: 'budget', maxResults: 1000 }, controller.signal);
    setImmediate(() => controller.abort());
    const error = await rejection(running);
    expect(error.name).toBe('AbortError');

    const early = new AbortController();
    early.abort();
    expect((await rejection(search({ query: 'budget' }, early.signal))).name).toBe('AbortError');
  });
});

describe('globMatcher', () => {
  it('matches names by suffix patterns and paths by folder patterns', () => {
    expect(globMatcher('*.md')('notes/a.MD')).toBe(true);
    expect(globMatcher('*.md')('notes/a.mdx')).toBe(false);
    expect(globMatcher('notes/*.md')('notes/a.md')).toBe(true);
    expect(globMatcher('notes/*.md')('notes/deep/a.md')).toBe(false);
    expect(globMatcher('notes/**/*.md')('notes/deep/a.md')).toBe(true);
    expect(globMatcher('notes/**/*.md')('notes/a.md')).toBe(true);
    expect(globMatcher('file?.txt')('file1.txt')).toBe(true);
  });
});
