import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AgentError } from '../agent-error';
import type { WorkspaceAccess } from '../agent';

/** True when `target` is `root` itself or lies below it (both absolute, already resolved). */
export function isInside(root: string, target: string): boolean {
  const path = relative(root, target);
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/** The error code of a failed fs call, if any. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The folders `files.read` and `files.search` may look into: the read folders and the output folder. */
export function readableFolders(workspace: WorkspaceAccess): string[] {
  return [...new Set([...workspace.readFolders, workspace.outputDir].map((folder) => resolve(folder)))];
}

/**
 * The readable folders with symbolic links resolved, missing ones left out, and folders that lie
 * inside another one dropped (so a search never visits a file twice).
 */
export async function realReadableFolders(workspace: WorkspaceAccess): Promise<string[]> {
  const real: string[] = [];
  for (const folder of readableFolders(workspace)) {
    try {
      real.push(await realpath(folder));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') throw error;
    }
  }
  const unique = [...new Set(real)];
  return unique.filter((folder) => !unique.some((other) => other !== folder && isInside(other, folder)));
}

function outsideError(requested: string, workspace: WorkspaceAccess): AgentError {
  const folders = readableFolders(workspace);
  return new AgentError(`${requested} is outside the folders this workspace may read: ${folders.join(', ')}.`, {
    details: { path: requested, folders },
  });
}

/**
 * Resolves a path given to a reading agent (absolute, or relative to the first read folder) to its
 * real path, following symbolic links, and refuses it unless that real path lies inside a readable
 * folder. `noun` names what was expected ("file", "folder") in the error for a missing path.
 */
export async function resolveReadable(requested: string, workspace: WorkspaceAccess, noun: string): Promise<string> {
  const base = workspace.readFolders[0] ?? workspace.outputDir;
  const candidate = resolve(base, requested);
  const roots = await realReadableFolders(workspace);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new AgentError(`Could not open ${candidate}: ${error instanceof Error ? error.message : String(error)}`, {
        details: { path: candidate, code },
      });
    }
    const lexicallyInside = [...readableFolders(workspace), ...roots].some((folder) => isInside(folder, candidate));
    if (!lexicallyInside) throw outsideError(requested, workspace);
    throw new AgentError(`There is no ${noun} at ${candidate}.`, { details: { path: candidate } });
  }
  if (!roots.some((root) => isInside(root, real))) throw outsideError(requested, workspace);
  return real;
}
