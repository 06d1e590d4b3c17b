import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentError } from '../../../engine/agents/agent-error';
import { filesReadAgent } from '../../../engine/agents/builtin/files-read';
import { makeContext, makeTempWorkspace, rejection, runAgent, type TempWorkspace } from './fake-context';

describe('files.read agent', () => {
  let temp: TempWorkspace;
  const read = (input: Record<string, unknown>) => runAgent(filesReadAgent, input, makeContext({ workspace: temp.workspace }));

  beforeEach(() => {
    temp = makeTempWorkspace();
    mkdirSync(join(temp.readDir, 'notes'));
    writeFileSync(join(temp.readDir, 'notes', 'todo.md'), '# Todo\nbuy milk\n');
    writeFileSync(join(temp.outsideDir, 'secret.txt'), 'the secret');
  });
  afterEach(() => temp.remove());

  it('reads a file by a path relative to the first read folder', async () => {
    expect(await read({ path: 'notes/todo.md' })).toEqual({
      path: join(temp.readDir, 'notes', 'todo.md'),
      text: '# Todo\nbuy milk\n',
      bytes: 16,
      truncated: false,
      lines: ['# Todo', 'buy milk'],
    });
  });

  it('gives the non-blank lines of a text file, trimmed, for a map step to go over', async () => {
    writeFileSync(join(temp.readDir, 'clients.txt'), 'Acme Ltd\r\n\n  Globex  \nלקוח ג\n\n');
    expect((await read({ path: 'clients.txt' })).lines).toEqual(['Acme Ltd', 'Globex', 'לקוח ג']);
  });

  it('reads by absolute path, and from the output folder too', async () => {
    mkdirSync(temp.outputDir);
    writeFileSync(join(temp.outputDir, 'report.txt'), 'done');
    expect((await read({ path: join(temp.readDir, 'notes', 'todo.md') })).text).toContain('buy milk');
    expect((await read({ path: join(temp.outputDir, 'report.txt') })).text).toBe('done');
  });

  it('refuses a ../ escape without revealing the file', async () => {
    const error = await rejection(read({ path: '../outside/secret.txt' }));
    expect(error).toBeInstanceOf(AgentError);
    expect(error.message).toBe(
      `../outside/secret.txt is outside the folders this workspace may read: ${temp.readDir}, ${temp.outputDir}.`,
    );
    expect(error.message).not.toContain('the secret');
  });

  it('refuses an absolute path outside, even when the file does not exist', async () => {
    expect((await rejection(read({ path: join(temp.outsideDir, 'secret.txt') }))).message).toContain('is outside the folders');
    expect((await rejection(read({ path: join(temp.outsideDir, 'missing.txt') }))).message).toContain('is outside the folders');
  });

  it('refuses symbolic links that lead outside, to a file or through a folder', async () => {
    symlinkSync(join(temp.outsideDir, 'secret.txt'), join(temp.readDir, 'innocent.txt'));
    symlinkSync(temp.outsideDir, join(temp.readDir, 'shared'));
    expect((await rejection(read({ path: 'innocent.txt' }))).message).toContain('innocent.txt is outside the folders this workspace may read');
    expect((await rejection(read({ path: 'shared/secret.txt' }))).message).toContain('is outside the folders');
  });

  it('follows a symbolic link that stays inside the read folder', async () => {
    symlinkSync(join(temp.readDir, 'notes', 'todo.md'), join(temp.readDir, 'latest.md'));
    expect(await read({ path: 'latest.md' })).toMatchObject({ path: join(temp.readDir, 'notes', 'todo.md'), text: '# Todo\nbuy milk\n' });
  });

  it('says plainly when the file is missing or is a folder', async () => {
    const missing = await rejection(read({ path: 'notes/nope.md' }));
    expect(missing.message).toBe(`There is no file at ${join(temp.readDir, 'notes', 'nope.md')}.`);
    expect((missing as AgentError).retryable).toBe(false);
    expect((await rejection(read({ path: 'notes' }))).message).toContain('is a folder, not a file');
  });

  it('truncates at maxBytes without splitting a character', async () => {
    writeFileSync(join(temp.readDir, 'hebrew.txt'), 'שלום עולם');
    // Each Hebrew letter is 2 bytes: 3 bytes would cut the second letter in half.
    expect(await read({ path: 'hebrew.txt', maxBytes: 3 })).toMatchObject({ text: 'ש', bytes: 2, truncated: true });
    expect(await read({ path: 'hebrew.txt', maxBytes: 4 })).toMatchObject({ text: 'של', bytes: 4, truncated: true });
  });

  it('returns binary files as base64', async () => {
    writeFileSync(join(temp.readDir, 'pixel.bin'), Buffer.from([0, 255, 16, 32]));
    expect(await read({ path: 'pixel.bin', encoding: 'base64' })).toMatchObject({ text: 'AP8QIA==', bytes: 4, truncated: false, lines: [] });
  });
});
