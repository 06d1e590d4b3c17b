import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, win32 } from 'node:path';
import ICAL from 'ical.js';
import type { WorkspaceAccess } from '../agent';
import { AgentError } from '../agent-error';
import { errorCode, isInside, realReadableFolders, resolveReadable } from '../builtin/workspace-paths';

/** Calendars larger than this are refused (a calendar of many years is a few MB). */
const MAX_CALENDAR_BYTES = 20 * 1024 * 1024;
/** How deep and how many files the search for calendars goes. */
const MAX_DEPTH = 4;
const MAX_CALENDARS = 200;

/** A parsed calendar file and what it looked like when read. */
export interface CalendarDocument {
  path: string;
  root: ICAL.Component;
  /** SHA-256 of the bytes read, to notice another writer before writing back. */
  hash: string;
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every `.ics` file in the workspace's readable folders (read folders and output folder), sorted. */
export async function findCalendars(workspace: WorkspaceAccess): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    if (found.length >= MAX_CALENDARS) return;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isFile() && entry.name.toLowerCase().endsWith('.ics')) found.push(path);
      else if (entry.isDirectory() && depth < MAX_DEPTH) await walk(path, depth + 1);
      if (found.length >= MAX_CALENDARS) return;
    }
  };
  for (const folder of await realReadableFolders(workspace)) await walk(folder, 0);
  return found;
}

/** The calendar file a step names (checked to lie inside the workspace's folders), or every one when it names none. */
export async function calendarPaths(requested: string | undefined, workspace: WorkspaceAccess): Promise<string[]> {
  if (requested === undefined) return findCalendars(workspace);
  if (!requested.toLowerCase().endsWith('.ics')) throw new AgentError(`"${requested}" is not an .ics calendar file.`);
  return [await resolveReadable(requested, workspace, 'calendar file')];
}

/** Parses iCalendar text with ical.js; a file that is not one is the caller's to fix. */
export function parseCalendar(text: string, path: string): ICAL.Component {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new AgentError(`${path} is not a valid iCalendar file: ${error instanceof Error ? error.message : String(error)}`, { details: { path } });
  }
  if (root.name !== 'vcalendar') throw new AgentError(`${path} does not hold a VCALENDAR.`, { details: { path } });
  return root;
}

async function readText(path: string): Promise<string> {
  const info = await stat(path);
  if (info.size > MAX_CALENDAR_BYTES) throw new AgentError(`${path} is larger than ${MAX_CALENDAR_BYTES / 1048576} MB.`, { details: { path } });
  return readFile(path, 'utf8');
}

export async function readCalendar(path: string): Promise<CalendarDocument> {
  const text = await readText(path);
  return { path, root: parseCalendar(text, path), hash: hashOf(text) };
}

/** A new, empty calendar. */
export function emptyCalendar(): ICAL.Component {
  const root = new ICAL.Component(['vcalendar', [], []]);
  root.addPropertyWithValue('prodid', '-//Tizmor//Calendar agents//EN');
  root.addPropertyWithValue('version', '2.0');
  root.addPropertyWithValue('calscale', 'GREGORIAN');
  return root;
}

const locks = new Map<string, Promise<unknown>>();

/** Runs `work` alone for one path: steps of parallel runs editing one calendar take turns. */
async function exclusive<T>(path: string, work: () => Promise<T>): Promise<T> {
  const before = locks.get(path) ?? Promise.resolve();
  const mine = before.then(work, work);
  const settled = mine.catch(() => undefined);
  locks.set(path, settled);
  try {
    return await mine;
  } finally {
    if (locks.get(path) === settled) locks.delete(path);
  }
}

/** Writes text next to `path` and renames it over, so a reader never sees half a calendar. */
async function replaceFile(path: string, text: string): Promise<void> {
  const existing = await lstat(path).catch(() => null);
  if (existing?.isSymbolicLink()) throw new AgentError(`${path} is a symbolic link; calendars are not written through links.`);
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, existing ? existing.mode & 0o777 : 0o666);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Reads a calendar, lets `change` edit it, and writes it back atomically, unless someone else changed
 * the file in between (then nothing is written and the step may try again).
 */
export async function editCalendar<T>(path: string, change: (document: CalendarDocument) => T): Promise<T> {
  return exclusive(path, async () => {
    const document = await readCalendar(path);
    const result = change(document);
    const text = document.root.toString();
    const now = await readText(path);
    if (hashOf(now) !== document.hash) {
      throw new AgentError(`${path} changed while it was being edited; nothing was written.`, { retryable: true, details: { path } });
    }
    await replaceFile(path, text.endsWith('\r\n') ? text : `${text}\r\n`);
    return result;
  });
}

/**
 * The file a new event goes into: the one named (made in the output folder if it does not exist yet),
 * else the workspace's only calendar, else `calendar.ics` in the output folder.
 */
export async function calendarForNewEvent(requested: string | undefined, workspace: WorkspaceAccess): Promise<string> {
  if (requested === undefined) {
    const all = await findCalendars(workspace);
    if (all.length === 1 && all[0] !== undefined) return all[0];
    if (all.length > 1) {
      throw new AgentError(`This workspace has ${all.length} calendars; say which one: ${all.map((path) => basename(path)).join(', ')}.`, { details: { calendars: all } });
    }
    return createCalendarFile('calendar.ics', workspace);
  }
  try {
    return (await calendarPaths(requested, workspace))[0] ?? '';
  } catch (error) {
    if (!(error instanceof AgentError) || !/There is no calendar file/.test(error.message)) throw error;
    return createCalendarFile(requested, workspace);
  }
}

async function createCalendarFile(requested: string, workspace: WorkspaceAccess): Promise<string> {
  if (isAbsolute(requested) || win32.isAbsolute(requested)) {
    if (!isInside(workspace.outputDir, requested)) throw new AgentError(`A new calendar is made in the output folder ${workspace.outputDir}, not at ${requested}.`);
    requested = relative(workspace.outputDir, requested);
  }
  const segments = requested.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.length !== 1 || segments[0] === '..') {
    throw new AgentError(`A new calendar is a file name such as "team.ics", made in the output folder ${workspace.outputDir}; "${requested}" is not one.`);
  }
  const path = join(workspace.outputDir, ...segments);
  await mkdir(dirname(path), { recursive: true });
  return exclusive(path, async () => {
    try {
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
      await handle.writeFile(`${emptyCalendar().toString()}\r\n`, 'utf8');
      await handle.close();
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    return path;
  });
}
