import { open, stat } from 'node:fs/promises';
import { z } from 'zod';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';
import { resolveReadable } from './workspace-paths';

const MEGABYTE = 1024 * 1024;

const FilesReadInput = z.object({
  path: z.string().min(1).describe('The file to read: an absolute path, or a path relative to the first folder this workspace may read.'),
  encoding: z
    .enum(['utf8', 'base64'])
    .default('utf8')
    .describe('`utf8` for text files; `base64` for anything else (images, PDFs).'),
  maxBytes: z
    .number()
    .int()
    .positive()
    .max(64 * MEGABYTE)
    .default(MEGABYTE)
    .describe('Read at most this many bytes from the start of the file; longer files come back truncated.'),
});

const FilesReadOutput = z.object({
  path: z.string().describe('The real absolute path of the file that was read.'),
  text: z.string().describe('The contents, as text or base64.'),
  bytes: z.number().int().describe('How many bytes of the file `text` holds.'),
  truncated: z.boolean().describe('True when the file is longer than `maxBytes` and only its start was read.'),
  lines: z
    .array(z.string())
    .describe('The non-blank lines of a text file, trimmed (a list for a map step: forEach over {{steps.ID.output.lines}}); empty for base64.'),
});

/** The non-blank lines of a text, trimmed. */
export function textLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Cuts before a UTF-8 character that `end` would split, so truncated text never ends in a broken character. */
function utf8Boundary(buffer: Buffer, end: number): number {
  let cut = end;
  // Back off over continuation bytes (10xxxxxx) to the lead byte, then drop that whole character.
  while (cut > 0 && cut > end - 4 && ((buffer[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return cut;
}

/** Reads one file from the folders a workspace may read. */
export const filesReadAgent = defineAgent({
  id: 'files.read',
  version: '2',
  name: 'Read a file',
  description: "Reads a text or binary file from the workspace's readable folders and returns its contents.",
  capabilities: ['read', 'files'],
  input: FilesReadInput,
  output: FilesReadOutput,
  risk: 'read',
  idempotent: true,
  async execute(input, ctx) {
    ctx.signal.throwIfAborted();
    const path = await resolveReadable(input.path, ctx.workspace, 'file');
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new AgentError(`${path} is a folder, not a file; files.search looks inside folders.`, { details: { path } });
    }
    if (!info.isFile()) throw new AgentError(`${path} is not a regular file.`, { details: { path } });

    const truncated = info.size > input.maxBytes;
    const buffer = Buffer.alloc(Math.min(info.size, input.maxBytes + (truncated ? 1 : 0)));
    const handle = await open(path, 'r');
    let filled = 0;
    try {
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
    } finally {
      await handle.close();
    }
    let end = Math.min(filled, input.maxBytes);
    if (truncated && input.encoding === 'utf8') end = utf8Boundary(buffer, end);
    const content = buffer.subarray(0, end);
    if (truncated) ctx.log('info', `Read the first ${end} of ${info.size} bytes of ${path}.`);
    const text = content.toString(input.encoding);
    return { path, text, bytes: end, truncated, lines: input.encoding === 'utf8' ? textLines(text) : [] };
  },
  simulate: (input) => {
    const text = `(simulated contents of ${input.path})`;
    return { path: input.path, text, bytes: Buffer.byteLength(text), truncated: false, lines: [text] };
  },
});
