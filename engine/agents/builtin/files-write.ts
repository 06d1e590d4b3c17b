import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, win32 } from 'node:path';
import { z } from 'zod';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';
import { errorCode, isInside } from './workspace-paths';

const FilesWriteInput = z.object({
  path: z
    .string()
    .min(1)
    .describe('Where to write, relative to the workspace output folder, e.g. "reports/summary.md"; missing folders are created.'),
  content: z.string().describe('The text to write (UTF-8).'),
  append: z.boolean().default(false).describe('Add to the end of the file instead of replacing it.'),
});

const FilesWriteOutput = z.object({
  path: z.string().describe('The absolute path of the written file.'),
  bytes: z.number().int().describe('How many bytes this step wrote.'),
});

/** Refuses to open the last path component if it is a symbolic link (where the platform supports it). */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** The parts of a relative path, or an AgentError saying why the path may not be written. */
function pathSegments(requested: string, outputDir: string): string[] {
  if (isAbsolute(requested) || win32.isAbsolute(requested)) {
    throw new AgentError(
      `files.write takes a path relative to the output folder ${outputDir}; "${requested}" is absolute.`,
      { details: { path: requested, outputDir } },
    );
  }
  const segments = requested.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    throw new AgentError(`"${requested}" uses "..": files.write writes only inside the output folder ${outputDir}.`, {
      details: { path: requested, outputDir },
    });
  }
  if (segments.length === 0) throw new AgentError(`"${requested}" does not name a file.`, { details: { path: requested } });
  return segments;
}

function escapeError(requested: string, outputDir: string): AgentError {
  return new AgentError(
    `"${requested}" leads outside the output folder ${outputDir} through a symbolic link; files.write writes only inside it.`,
    { details: { path: requested, outputDir } },
  );
}

/** Writes a text file inside the workspace output folder, and nowhere else. */
export const filesWriteAgent = defineAgent({
  id: 'files.write',
  version: '1',
  name: 'Write a file',
  description: "Writes (or appends) a text file inside the workspace's output folder, creating folders as needed.",
  capabilities: ['write', 'files'],
  input: FilesWriteInput,
  output: FilesWriteOutput,
  risk: 'write',
  // With `append` a repeat would write twice, so after a crash a person decides.
  idempotent: false,
  async execute(input, ctx) {
    ctx.signal.throwIfAborted();
    const { outputDir } = ctx.workspace;
    const segments = pathSegments(input.path, outputDir);
    const fileName = segments.pop() ?? '';

    await mkdir(outputDir, { recursive: true });
    const root = await realpath(outputDir);
    // Walk down one folder at a time so no folder is ever created through a link that leads outside.
    let folder = root;
    for (const segment of segments) {
      const next = join(folder, segment);
      const info = await lstatOrNull(next);
      if (!info) {
        await mkdir(next).catch((error: unknown) => {
          if (errorCode(error) !== 'EEXIST') throw error;
        });
      } else if (info.isSymbolicLink()) {
        const target = await realpath(next);
        if (!isInside(root, target)) throw escapeError(input.path, outputDir);
        if (!(await stat(target)).isDirectory()) throw new AgentError(`${next} is not a folder, so it cannot hold "${input.path}".`);
      } else if (!info.isDirectory()) {
        throw new AgentError(`${next} is a file, so it cannot hold "${input.path}".`, { details: { path: next } });
      }
      folder = next;
    }
    const realFolder = await realpath(folder);
    if (!isInside(root, realFolder)) throw escapeError(input.path, outputDir);

    const path = join(realFolder, fileName);
    const existing = await lstatOrNull(path);
    if (existing?.isSymbolicLink()) {
      throw new AgentError(`${path} is a symbolic link; files.write does not write through links.`, { details: { path } });
    }
    if (existing?.isDirectory()) throw new AgentError(`${path} is a folder, not a file.`, { details: { path } });

    const flags = constants.O_WRONLY | constants.O_CREAT | NO_FOLLOW | (input.append ? constants.O_APPEND : constants.O_TRUNC);
    const handle = await open(path, flags, 0o666);
    try {
      await handle.writeFile(input.content, 'utf8');
    } finally {
      await handle.close();
    }
    const bytes = Buffer.byteLength(input.content, 'utf8');
    ctx.log('info', `${input.append ? 'Appended' : 'Wrote'} ${bytes} bytes to ${path}.`);
    return { path, bytes };
  },
  simulate: (input) => ({ path: input.path, bytes: Buffer.byteLength(input.content, 'utf8') }),
});
