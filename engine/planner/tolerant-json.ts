/**
 * Reads JSON the way models write it: inside code fences, with prose around it, with trailing
 * commas or comments, and (while streaming) cut off in the middle.
 */

/** A parse that found no JSON value; the message says where, for feeding back to the model. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

export interface TolerantParse {
  value: unknown;
  /** Objects and arrays the text ended inside of (partial mode only): their last member may be cut short. */
  incomplete: WeakSet<object>;
}

/** The part of a model's answer that should be JSON: a fenced block if there is one, else from the first `{`. */
export function jsonCandidate(text: string): string {
  const fence = /```[ \t]*(?:json|JSON|jsonc)?[ \t]*\r?\n?([\s\S]*?)(?:```|$)/.exec(text);
  if (fence && /^\s*[[{]/.test(fence[1] ?? '')) return (fence[1] ?? '').trim();
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return trimmed;
  const brace = text.indexOf('{');
  return brace >= 0 ? text.slice(brace) : text;
}

/** Parses the JSON value in a model's answer; throws {@link JsonSyntaxError} with a line and column. */
export function parseModelJson(text: string): unknown {
  return parseTolerant(jsonCandidate(text), false).value;
}

/** Parses as much of a streamed answer as has arrived; never throws. */
export function parsePartialModelJson(text: string): TolerantParse {
  try {
    return parseTolerant(jsonCandidate(text), true);
  } catch {
    return { value: undefined, incomplete: new WeakSet() };
  }
}

class EndOfInput extends Error {}

function parseTolerant(source: string, partial: boolean): TolerantParse {
  const incomplete = new WeakSet<object>();
  let at = 0;

  const where = (): string => {
    const before = source.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return `line ${line}, column ${column}`;
  };
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`The answer is not valid JSON: ${what} at ${where()}.`);
  };
  const end = (): never => {
    if (partial) throw new EndOfInput();
    return fail('it ends too early (cut off?)');
  };

  const skip = (): void => {
    for (;;) {
      const char = source[at];
      if (char === ' ' || char === '\n' || char === '\r' || char === '\t' || char === '\uFEFF') at += 1;
      else if (char === '/' && source[at + 1] === '/') {
        const next = source.indexOf('\n', at);
        at = next < 0 ? source.length : next + 1;
      } else if (char === '/' && source[at + 1] === '*') {
        const next = source.indexOf('*/', at + 2);
        at = next < 0 ? source.length : next + 2;
      } else return;
    }
  };

  const parseString = (): string => {
    const quote = source[at];
    at += 1;
    let out = '';
    for (;;) {
      if (at >= source.length) {
        if (partial) throw new EndOfInput();
        return fail('a string is not closed');
      }
      const char = source[at] as string;
      if (char === quote) {
        at += 1;
        return out;
      }
      if (char === '\\') {
        const next = source[at + 1];
        if (next === undefined) return end();
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"', "'": "'" };
        if (next === 'u') {
          const hex = source.slice(at + 2, at + 6);
          if (hex.length < 4) return end();
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('a \\u escape needs four hex digits');
          out += String.fromCharCode(parseInt(hex, 16));
          at += 6;
        } else {
          out += simple[next] ?? next;
          at += 2;
        }
        continue;
      }
      out += char;
      at += 1;
    }
  };

  const parseWord = (): unknown => {
    const match = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(source.slice(at, at + 400));
    if (!match) {
      const rest = source.slice(at);
      if (partial && /^(?:t(?:r(?:u)?)?|f(?:a(?:l(?:s)?)?)?|n(?:u(?:l)?)?|-?\d*\.?\d*[eE]?[+-]?)$/.test(rest)) throw new EndOfInput();
      return fail(`unexpected "${source[at] ?? ''}"`);
    }
    const word = match[0];
    // A number at the very end of a stream may still grow.
    if (partial && at + word.length >= source.length && /\d$/.test(word)) throw new EndOfInput();
    at += word.length;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return Number(word);
  };

  const parseArray = (): unknown[] => {
    const list: unknown[] = [];
    at += 1;
    for (;;) {
      skip();
      if (at >= source.length) {
        if (!partial) return end();
        incomplete.add(list);
        return list;
      }
      if (source[at] === ']') {
        at += 1;
        return list;
      }
      try {
        list.push(parseValue());
      } catch (error) {
        if (error instanceof EndOfInput) {
          incomplete.add(list);
          return list;
        }
        throw error;
      }
      skip();
      if (source[at] === ',') at += 1;
      else if (source[at] !== ']' && at < source.length) fail('expected "," or "]"');
    }
  };

  const parseObject = (): Record<string, unknown> => {
    const object: Record<string, unknown> = {};
    at += 1;
    for (;;) {
      skip();
      if (at >= source.length) {
        if (!partial) return end();
        incomplete.add(object);
        return object;
      }
      if (source[at] === '}') {
        at += 1;
        return object;
      }
      let key: string;
      try {
        if (source[at] === '"' || source[at] === "'") key = parseString();
        else {
          const bare = /^[A-Za-z_$][\w$]*/.exec(source.slice(at));
          if (!bare) return fail('expected a property name in double quotes');
          key = bare[0];
          at += key.length;
        }
        skip();
        if (at >= source.length) throw new EndOfInput();
        if (source[at] !== ':') fail(`expected ":" after "${key}"`);
        at += 1;
        const value = parseValue();
        object[key] = value;
      } catch (error) {
        if (error instanceof EndOfInput) {
          incomplete.add(object);
          return object;
        }
        throw error;
      }
      skip();
      if (source[at] === ',') at += 1;
      else if (source[at] !== '}' && at < source.length) fail('expected "," or "}"');
    }
  };

  function parseValue(): unknown {
    skip();
    if (at >= source.length) return end();
    const char = source[at];
    if (char === '{') return parseObject();
    if (char === '[') return parseArray();
    if (char === '"' || char === "'") return parseString();
    return parseWord();
  }

  skip();
  if (at >= source.length) {
    if (partial) return { value: undefined, incomplete };
    fail('there is no JSON value in it');
  }
  if (source[at] !== '{' && source[at] !== '[') fail('expected "{"');
  const value = parseValue();
  return { value, incomplete };
}
