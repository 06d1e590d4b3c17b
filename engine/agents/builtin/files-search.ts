import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { defineAgent } from '../agent';
import { AgentError } from '../agent-error';
import { errorCode, realReadableFolders, resolveReadable } from './workspace-paths';

const MEGABYTE = 1024 * 1024;
/** Upper bound on the files one search looks at, so a huge folder cannot stall a run. */
const MAX_FILES = 20_000;
/** Folders that hold dependencies or history, not the person's documents. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/** Longest line excerpt returned per match. */
const MAX_EXCERPT = 300;

const FilesSearchInput = z.object({
  query: z.string().min(1).describe('Text to look for, ignoring case, in file names and in the lines of text files.'),
  folder: z
    .string()
    .optional()
    .describe('Search only this folder (absolute, or relative to the first readable folder); every readable folder when absent.'),
  glob: z.string().optional().describe('Only files whose name matches this pattern, e.g. "*.md" or "notes/**/*.txt".'),
  maxResults: z.number().int().positive().max(1000).default(50).describe('Stop after this many matches.'),
  maxFileBytes: z
    .number()
    .int()
    .positive()
    .max(64 * MEGABYTE)
    .default(MEGABYTE)
    .describe('Skip the contents of files larger than this (their names are still matched).'),
});

const Match = z.object({
  path: z.string().describe('Absolute path of the file.'),
  line: z.number().int().describe('1-based line number of the match; 0 when the file name matched.'),
  text: z.string().describe('The matching line (trimmed, shortened around the match), or the file name.'),
});

const FilesSearchOutput = z.object({
  matches: z.array(Match).describe('Matches in folder order, then line order.'),
  text: z.string().describe('Every match on its own line as `path:line: text` (just `path` for a file-name match), for the next step to read.'),
  filesScanned: z.number().int().describe('How many files were looked at.'),
  truncated: z.boolean().describe('True when the search stopped early at `maxResults` or at the file limit.'),
});

type Match = z.infer<typeof Match>;

/** A case-insensitive matcher for a simple glob: `*`, `?`, `**`; a pattern without `/` matches the file name only. */
export function globMatcher(glob: string): (relativePath: string) => boolean {
  let source = '';
  for (let index = 0; index < glob.length; ) {
    if (glob.startsWith('**/', index)) {
      source += '(?:.*/)?';
      index += 3;
    } else if (glob.startsWith('**', index)) {
      source += '.*';
      index += 2;
    } else {
      const char = glob[index] ?? '';
      source += char === '*' ? '[^/]*' : char === '?' ? '[^/]' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      index += 1;
    }
  }
  const pattern = new RegExp(`^${source}$`, 'i');
  const byName = !glob.includes('/');
  return (relativePath) => pattern.test(byName ? basename(relativePath) : relativePath.split(sep).join('/'));
}

function excerpt(line: string, at: number, length: number): string {
  const trimmed = line.trim();
  if (trimmed.length <= MAX_EXCERPT) return trimmed;
  const offset = line.length - line.trimStart().length;
  const start = Math.max(0, Math.min(at - offset - Math.floor((MAX_EXCERPT - length) / 2), trimmed.length - MAX_EXCERPT));
  return `${start > 0 ? '…' : ''}${trimmed.slice(start, start + MAX_EXCERPT)}${start + MAX_EXCERPT < trimmed.length ? '…' : ''}`;
}

function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

/** Searches file names and lines of text in the folders a workspace may read. */
export const filesSearchAgent = defineAgent({
  id: 'files.search',
  version: '1',
  name: 'Search files',
  description:
    "Finds files in the workspace's readable folders whose names or lines contain a text (ignoring case) and returns the matching lines with their paths.",
  capabilities: ['search', 'files', 'read'],
  input: FilesSearchInput,
  output: FilesSearchOutput,
  risk: 'read',
  idempotent: true,
  async execute(input, ctx) {
    const { signal } = ctx;
    signal.throwIfAborted();
    const roots = input.folder ? [await resolveReadable(input.folder, ctx.workspace, 'folder')] : await realReadableFolders(ctx.workspace);
    if (input.folder && roots[0] && !(await stat(roots[0])).isDirectory()) {
      throw new AgentError(`${roots[0]} is a file, not a folder; files.read reads a file.`, { details: { path: roots[0] } });
    }
    const needle = input.query.toLowerCase();
    const matchesGlob = input.glob ? globMatcher(input.glob) : () => true;
    const matches: Match[] = [];
    let filesScanned = 0;
    let truncated = false;

    const add = (match: Match): boolean => {
      if (matches.length >= input.maxResults) {
        truncated = true;
        return false;
      }
      matches.push(match);
      return true;
    };

    /** Looks at one file; false when the search should stop. */
    const scanFile = async (path: string, name: string, size: number): Promise<boolean> => {
      filesScanned += 1;
      if (name.toLowerCase().includes(needle) && !add({ path, line: 0, text: name })) return false;
      if (size > input.maxFileBytes || size === 0) return true;
      let content: Buffer;
      try {
        content = await readFile(path, { signal });
      } catch (error) {
        signal.throwIfAborted();
        ctx.log('warn', `Skipped ${path}: ${errorCode(error) ?? String(error)}`);
        return true;
      }
      if (isBinary(content)) return true;
      const lines = content.toString('utf8').split(/\r?\n/);
      for (let index = 0; index < lines.length; index += 1) {
        const line = lines[index] ?? '';
        const at = line.toLowerCase().indexOf(needle);
        if (at >= 0 && !add({ path, line: index + 1, text: excerpt(line, at, needle.length) })) return false;
      }
      return true;
    };

    search: for (const root of roots) {
      const pending = [root];
      while (pending.length > 0) {
        signal.throwIfAborted();
        const folder = pending.pop() ?? root;
        let entries;
        try {
          entries = await readdir(folder, { withFileTypes: true });
        } catch (error) {
          ctx.log('warn', `Skipped the folder ${folder}: ${errorCode(error) ?? String(error)}`);
          continue;
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const subfolders: string[] = [];
        for (const entry of entries) {
          // Symbolic links are not followed: they could lead outside the readable folders or loop.
          const path = join(folder, entry.name);
          if (entry.isDirectory()) {
            if (!SKIPPED_FOLDERS.has(entry.name)) subfolders.push(path);
            continue;
          }
          if (!entry.isFile() || !matchesGlob(relative(root, path))) continue;
          if (filesScanned >= MAX_FILES) {
            truncated = true;
            ctx.log('warn', `Stopped after ${MAX_FILES} files; narrow the search with folder or glob.`);
            break search;
          }
          signal.throwIfAborted();
          let size: number;
          try {
            size = (await stat(path)).size;
          } catch {
            continue;
          }
          if (!(await scanFile(path, entry.name, size))) break search;
        }
        pending.push(...subfolders.reverse());
      }
    }

    const text = matches.map((match) => (match.line === 0 ? match.path : `${match.path}:${match.line}: ${match.text}`)).join('\n');
    return { matches, text, filesScanned, truncated };
  },
  simulate: (input) => {
    const match = { path: `${input.folder ?? '.'}/example.md`, line: 1, text: `A line that mentions ${input.query}.` };
    return { matches: [match], text: `${match.path}:1: ${match.text}`, filesScanned: 1, truncated: false };
  },
});
