// What PostgreSQL can store, checked once at the edge for every input: strings (and object keys)
// without NUL characters or lone UTF-16 surrogates, and JSON no deeper than a bound that keeps
// every recursive walk over it (validation, serialisation, jsonb) far from the stack limit.

/** How deep free-form JSON may nest (the body counts as level 0); deeper is refused with a 400. */
export const maxJsonDepth = 32;

// A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL could not store this string (text or jsonb), or null when it can. */
export function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (loneSurrogate.test(text)) return 'contains a lone UTF-16 surrogate, which is not valid Unicode';
  return null;
}

export interface InputProblem {
  /** Where, as `body.fields.domain`, `query.q`, `params.name`. */
  field: string;
  message: string;
}

/**
 * The first problem in a parsed input (body, query or params): a string or object key that
 * cannot be stored, or nesting deeper than `maxDepth`. Iterative, so that hostile depth cannot
 * overflow the stack here either.
 */
export function inputProblem(value: unknown, root: string, maxDepth = maxJsonDepth): InputProblem | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [root] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const why = unstorable(current);
      if (why) return { field: path.join('.'), message: why };
      continue;
    }
    // Raw bodies (Buffers) are the route's to parse and check.
    if (typeof current !== 'object' || current === null || ArrayBuffer.isView(current)) continue;
    if (path.length - 1 > maxDepth) {
      return { field: path.join('.'), message: `nests deeper than ${maxDepth} levels` };
    }
    const entries: Array<[string, unknown]> = Array.isArray(current)
      ? current.map((item, index) => [String(index), item])
      : Object.entries(current);
    for (const [key, item] of entries) {
      const why = unstorable(key);
      if (why) return { field: [...path, JSON.stringify(key)].join('.'), message: `its key ${why}` };
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return null;
}
