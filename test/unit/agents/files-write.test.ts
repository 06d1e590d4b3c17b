import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentError } from '../../../engine/agents/agent-error';
import { filesWriteAgent } from '../../../engine/agents/builtin/files-write';
import { makeContext, makeTempWorkspace, rejection, runAgent, type TempWorkspace } from './fake-context';

describe('files.write agent', () => {
  let temp: TempWorkspace;
  const write = (input: Record<string, unknown>) => runAgent(filesWriteAgent, input, makeContext({ workspace: temp.workspace }));

  beforeEach(() => {
    temp = makeTempWorkspace();
  });
  afterEach(() => temp.remove());

  it('creates the output folder and subfolders and writes the file', async () => {
    expect(existsSync(temp.outputDir)).toBe(false);
    const output = await write({ path: 'reports/2025/summary.md', content: 'שלום\n' });
    const path = join(temp.outputDir, 'reports', '2025', 'summary.md');
    expect(output).toEqual({ path, bytes: 9 });
    expect(readFileSync(path, 'utf8')).toBe('שלום\n');
  });

  it('replaces the file when run again, and appends when asked', async () => {
    await write({ path: 'log.txt', content: 'one\n' });
    await write({ path: 'log.txt', content: 'one\n' });
    expect(readFileSync(join(temp.outputDir, 'log.txt'), 'utf8')).toBe('one\n');
    expect(await write({ path: 'log.txt', content: 'two\n', append: true })).toMatchObject({ bytes: 4 });
    expect(readFileSync(join(temp.outputDir, 'log.txt'), 'utf8')).toBe('one\ntwo\n');
  });

  it('refuses absolute paths and .. escapes, writing nothing', async () => {
    for (const path of [join(temp.outsideDir, 'x.txt'), '../outside/x.txt', 'a/../../outside/x.txt', 'a\\..\\..\\x.txt']) {
      const error = await rejection(write({ path, content: 'nope' }));
      expect(error, path).toBeInstanceOf(AgentError);
      expect(error.message, path).toMatch(/is absolute|uses "\.\."/);
      expect(error.message).toContain(temp.outputDir);
    }
    expect(readdirSync(temp.outsideDir)).toEqual([]);
    expect(existsSync(join(temp.root, 'x.txt'))).toBe(false);
  });

  it('refuses a folder link that leads outside, without creating anything there', async () => {
    mkdirSync(temp.outputDir);
    symlinkSync(temp.outsideDir, join(temp.outputDir, 'escape'));
    const error = await rejection(write({ path: 'escape/sub/x.txt', content: 'nope' }));
    expect(error.message).toContain('leads outside the output folder');
    expect(readdirSync(temp.outsideDir)).toEqual([]);
    expect((await rejection(write({ path: 'escape/x.txt', content: 'nope' }))).message).toContain('leads outside');
    expect(readdirSync(temp.outsideDir)).toEqual([]);
  });

  it('refuses to write through a file link, leaving its target untouched', async () => {
    mkdirSync(temp.outputDir);
    writeFileSync(join(temp.outsideDir, 'important.txt'), 'keep me');
    symlinkSync(join(temp.outsideDir, 'important.txt'), join(temp.outputDir, 'notes.txt'));
    expect((await rejection(write({ path: 'notes.txt', content: 'overwritten' }))).message).toContain('is a symbolic link');
    expect(readFileSync(join(temp.outsideDir, 'important.txt'), 'utf8')).toBe('keep me');
  });

  it('allows a folder link that stays inside the output folder', async () => {
    mkdirSync(join(temp.outputDir, 'real'), { recursive: true });
    symlinkSync(join(temp.outputDir, 'real'), join(temp.outputDir, 'alias'));
    expect(await write({ path: 'alias/x.txt', content: 'ok' })).toEqual({ path: join(temp.outputDir, 'real', 'x.txt'), bytes: 2 });
  });

  it('says when a folder on the way is a file', async () => {
    await write({ path: 'taken', content: 'a file' });
    expect((await rejection(write({ path: 'taken/x.txt', content: 'x' }))).message).toContain('is a file, so it cannot hold');
  });
});
