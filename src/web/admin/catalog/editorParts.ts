// What the editor's tabs share: the error of a draft path (the browser's or the server's), and the
// check of a fulfilment's parameters typed as JSON.
export type ErrorOf = (path: string) => string | undefined;

/** What is wrong with parameters typed as JSON, in words; null when they are fine. */
export function paramsProblem(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text || '{}');
  } catch {
    return 'not valid JSON';
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'must be an object of parameters';
  for (const [name, source] of Object.entries(value as Record<string, unknown>)) {
    const ok =
      source &&
      typeof source === 'object' &&
      ((Object.keys(source).length === 1 && typeof (source as { field?: unknown }).field === 'string') ||
        (Object.keys(source).length === 1 &&
          ['string', 'number', 'boolean'].includes(typeof (source as { value?: unknown }).value)));
    if (!ok) return `${name}: give {"field": "<field key>"} or {"value": …}`;
  }
  return null;
}

export function firstParamError(error: ErrorOf, params: Record<string, unknown>): string | undefined {
  for (const name of Object.keys(params)) {
    const message = error(`fulfilment.params.${name}`);
    if (message) return `${name}: ${message}`;
  }
  return undefined;
}
