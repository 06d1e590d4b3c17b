/**
 * `{{steps.ID.output.PATH}}` and `{{context.KEY.PATH}}` references in step inputs, and inside a map step
 * `{{item}}`, `{{item.PATH}}` and `{{index}}` for the current element of its list.
 * A string that is exactly one reference takes the referenced value as it is (object, number…);
 * a reference inside longer text is replaced by its text (JSON for objects).
 */
const EXPRESSION = String.raw`((?:steps|context)\.[^{}\s]+?|item(?:\.[^{}\s]+?)?|index)`;
const REFERENCE = new RegExp(String.raw`\{\{\s*${EXPRESSION}\s*\}\}`, 'g');
/** The same pattern without the global flag, for yes/no tests (a global regex carries lastIndex between calls). */
const ANY_REFERENCE = new RegExp(String.raw`\{\{\s*${EXPRESSION}\s*\}\}`);
const WHOLE = new RegExp(String.raw`^\{\{\s*${EXPRESSION}\s*\}\}$`);
const ITEM_EXPRESSION = /^(?:item(?:\..+)?|index)$/;

/** A reference that cannot be resolved: the step fails with this message. */
export class ReferenceError extends Error {
  override name = 'ReferenceError';
}

export interface ReferenceSource {
  /** The output of a succeeded step, or undefined when the step has none (yet). */
  output(stepId: string): { found: true; value: unknown } | { found: false };
  context(): Record<string, unknown>;
  /** Inside a map step: the current element of its list and its index. */
  item?: { value: unknown; index: number };
}

/** The step ids an input refers to with `{{steps.ID…}}`, with the path where each appears. */
export function findStepReferences(value: unknown, path = 'input'): { stepId: string; path: string; expression: string }[] {
  const found: { stepId: string; path: string; expression: string }[] = [];
  visit(value, path, (text, at) => {
    for (const match of text.matchAll(REFERENCE)) {
      const expression = match[1] as string;
      const [root, stepId] = expression.split('.');
      if (root === 'steps' && stepId) found.push({ stepId, path: at, expression });
    }
  });
  return found;
}

/** The `{{item…}}` and `{{index}}` references in an input, with the path where each appears. */
export function findItemReferences(value: unknown, path = 'input'): { path: string; expression: string }[] {
  const found: { path: string; expression: string }[] = [];
  visit(value, path, (text, at) => {
    for (const match of text.matchAll(REFERENCE)) {
      const expression = match[1] as string;
      if (ITEM_EXPRESSION.test(expression)) found.push({ path: at, expression });
    }
  });
  return found;
}

/** True when a value (or anything inside it) holds a reference. */
export function hasReference(value: unknown): boolean {
  let seen = false;
  visit(value, '', (text) => {
    if (ANY_REFERENCE.test(text)) seen = true;
  });
  return seen;
}

function visit(value: unknown, path: string, onString: (text: string, path: string) => void): void {
  if (typeof value === 'string') onString(value, path);
  else if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${index}]`, onString));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) visit(item, path ? `${path}.${key}` : key, onString);
  }
}

/** Replaces every reference in `value` (deeply); throws {@link ReferenceError} naming what is missing. */
export function resolveReferences(value: unknown, source: ReferenceSource): unknown {
  if (typeof value === 'string') return resolveString(value, source);
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, source));
  if (value !== null && typeof value === 'object') {
    // A fresh copy, key by key (every step resolves its input: no entry arrays per key).
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = resolveReferences((value as Record<string, unknown>)[key], source);
      if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
      else copy[key] = item;
    }
    return copy;
  }
  return value;
}

function resolveString(text: string, source: ReferenceSource): unknown {
  if (!text.includes('{{')) return text;
  const whole = WHOLE.exec(text);
  if (whole) return lookup(whole[1] as string, source);
  return text.replace(REFERENCE, (_, expression: string) => {
    const found = lookup(expression, source);
    return typeof found === 'string' ? found : JSON.stringify(found);
  });
}

function lookup(expression: string, source: ReferenceSource): unknown {
  const parts = expression.split('.');
  if (parts[0] === 'item' || parts[0] === 'index') {
    if (!source.item) throw new ReferenceError(`{{${expression}}}: only a step with forEach has a current item.`);
    if (parts[0] === 'index') return source.item.index;
    return walk(source.item.value, parts.slice(1), expression, `item ${source.item.index}`);
  }
  if (parts[0] === 'context') return walk(source.context(), parts.slice(1), expression, 'the run context');
  const stepId = parts[1] as string;
  if (parts[2] !== 'output') {
    throw new ReferenceError(`{{${expression}}}: write {{steps.${stepId}.output}} or {{steps.${stepId}.output.FIELD}}.`);
  }
  const output = source.output(stepId);
  if (!output.found) throw new ReferenceError(`{{${expression}}}: step "${stepId}" has no output (it has not succeeded).`);
  return walk(output.value, parts.slice(3), expression, `the output of "${stepId}"`);
}

function walk(root: unknown, path: string[], expression: string, what: string): unknown {
  let current = root;
  for (const [index, key] of path.entries()) {
    if (current !== null && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, key)) {
      current = (current as Record<string, unknown>)[key];
      continue;
    }
    const at = path.slice(0, index).join('.');
    const keys = current !== null && typeof current === 'object' ? Object.keys(current).slice(0, 12) : [];
    const has = keys.length > 0 ? ` (it has: ${keys.join(', ')})` : ` (it is ${current === null ? 'null' : typeof current})`;
    throw new ReferenceError(`{{${expression}}}: ${what}${at ? ` at "${at}"` : ''} has no "${key}"${has}.`);
  }
  return current;
}
