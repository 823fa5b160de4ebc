// Notification templates: Liquid in strict mode, checked when an admin saves them (syntax,
// unknown filters, unknown variables, each with line and column) rather than discovered when a
// message fails to send. HTML output escapes every value unless the template says `| raw`.
import { Liquid, LiquidError, type Template, Variable } from 'liquidjs';
import { maxTemplateLength, type NotificationTemplate } from '../../shared/api/notifications.js';
import {
  datetimeFilter,
  durationFilter,
  multilineHtmlFilter,
  multilineTextFilter,
} from './template-filters.js';

export type TemplateFormat = 'html' | 'text';
export type TemplatePart = 'subject' | 'html' | 'text';

/** The subject is plain text; it becomes a header, not markup. */
export const templatePartFormat: Record<TemplatePart, TemplateFormat> = {
  subject: 'text',
  html: 'html',
  text: 'text',
};

// What a template is, as admins send it, is part of the API contract.
export {
  maxTemplateLength,
  type NotificationTemplate,
  notificationTemplateSchema,
} from '../../shared/api/notifications.js';

/** One notification rendered for one recipient. */
export interface RenderedNotification {
  subject: string;
  html: string;
  text: string;
}

export type TemplateProblemKind =
  | 'syntax'
  | 'unknown_filter'
  | 'unknown_variable'
  | 'render_error'
  | 'too_large'
  | 'empty_subject';

export interface TemplateProblem {
  kind: TemplateProblemKind;
  /** 1-based, in the template source. */
  line: number;
  /** 1-based, in the template source. */
  column: number;
  message: string;
}

export interface PartProblem extends TemplateProblem {
  part: TemplatePart;
}

export type TemplateValidation = { ok: true } | { ok: false; problems: TemplateProblem[] };
export type TemplateRenderResult = { ok: true; output: string } | { ok: false; problem: TemplateProblem };
export type NotificationValidation = { ok: true } | { ok: false; problems: PartProblem[] };
export type NotificationRenderResult =
  | { ok: true; notification: RenderedNotification }
  | { ok: false; problem: PartProblem };

export type TemplateContext = Record<string, unknown>;

function createEngine(format: TemplateFormat): Liquid {
  const engine = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // An empty in-memory partial store: `{% include %}` must never read the server's disk.
    templates: {},
    outputEscape: format === 'html' ? 'escape' : undefined,
    parseLimit: maxTemplateLength,
    renderLimit: 2_000,
    memoryLimit: 50_000_000,
  });
  engine.registerFilter('datetime', datetimeFilter);
  engine.registerFilter('duration', durationFilter);
  engine.registerFilter(
    'multiline',
    format === 'html' ? { handler: multilineHtmlFilter, raw: true } : multilineTextFilter,
  );
  return engine;
}

const engines: Record<TemplateFormat, Liquid> = { html: createEngine('html'), text: createEngine('text') };

// Parsed templates, by format and source: a delivery run renders the same few sources many times.
const parsedCacheLimit = 200;
const parsedCache = new Map<string, Template[]>();

function parseCached(source: string, format: TemplateFormat): Template[] {
  const cacheKey = `${format}\u0000${source}`;
  const cached = parsedCache.get(cacheKey);
  if (cached) return cached;
  const parsed = engines[format].parse(source);
  if (parsedCache.size >= parsedCacheLimit) {
    const oldest = parsedCache.keys().next().value;
    if (oldest !== undefined) parsedCache.delete(oldest);
  }
  parsedCache.set(cacheKey, parsed);
  return parsed;
}

function positionOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function withoutPosition(message: string): string {
  return message.replace(/, line:\d+, col:\d+$/, '');
}

function problemFromError(error: unknown, source: string): TemplateProblem {
  if (!LiquidError.is(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'render_error', line: 1, column: 1, message };
  }
  const [line = 1, column = 1] = error.token.getPosition();
  const reason = withoutPosition(error.originalError?.message ?? error.message);
  if (error.name === 'UndefinedVariableError') {
    const variable = reason.replace(/^undefined variable: /, '');
    return { kind: 'unknown_variable', line, column, message: `unknown variable "${variable}"` };
  }
  const unknownFilter = /^undefined filter: (\S+)/.exec(reason);
  if (unknownFilter) {
    const name = unknownFilter[1] ?? '';
    // Liquid points at the start of the output; point at the filter's name.
    const tokenText = error.token.getText();
    const at = new RegExp(`\\|\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).exec(tokenText);
    const position = at
      ? positionOf(source, error.token.begin + at.index + at[0].length - name.length)
      : { line, column };
    return { kind: 'unknown_filter', ...position, message: `unknown filter "${name}"` };
  }
  if (error.name === 'TokenizationError' || error.name === 'ParseError') {
    return { kind: 'syntax', line, column, message: reason };
  }
  return { kind: 'render_error', line, column, message: reason };
}

function describePath(segments: ReadonlyArray<string | number>): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/**
 * Follows a variable's path through the sample context. Returns the path up to the first
 * segment that does not exist, or null when the path exists (or depends on another variable,
 * or indexes past the sample's data, which only rendering against real data can decide).
 */
function missingPrefix(sample: unknown, segments: ReadonlyArray<string | number | Variable>): string | null {
  let value: unknown = sample;
  const walked: Array<string | number> = [];
  for (const segment of segments) {
    if (segment instanceof Variable) return null;
    walked.push(segment);
    if (Array.isArray(value)) {
      if (segment === 'size') return null;
      if (segment === 'first' || segment === 'last' || typeof segment === 'number') {
        const index = segment === 'first' ? 0 : segment === 'last' ? -1 : segment;
        if (value.length === 0) return null;
        value = value.at(index);
        if (value === undefined) return null;
        continue;
      }
      return describePath(walked);
    }
    if (typeof value === 'string' && segment === 'size') return null;
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, segment)) {
      value = (value as Record<string | number, unknown>)[segment];
      continue;
    }
    return describePath(walked);
  }
  return null;
}

function unknownVariables(
  parsed: Template[],
  format: TemplateFormat,
  sample: TemplateContext,
): TemplateProblem[] {
  const analysis = engines[format].analyzeSync(parsed, { partials: false });
  const problems: TemplateProblem[] = [];
  for (const occurrences of Object.values(analysis.globals)) {
    for (const variable of occurrences) {
      const missing = missingPrefix(sample, variable.segments);
      if (missing === null) continue;
      problems.push({
        kind: 'unknown_variable',
        line: variable.location.row,
        column: variable.location.col,
        message: `unknown variable "${missing}"`,
      });
    }
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Checks a template when it is saved: it must parse, use only known filters, and use only
 * variables that exist in `sampleContext` (a complete context of the event it answers),
 * in every branch; then it must render against that context.
 */
export function validateTemplate(
  source: string,
  sampleContext: TemplateContext,
  format: TemplateFormat = 'text',
): TemplateValidation {
  if (source.length > maxTemplateLength) {
    const message = `the template is ${source.length} characters long; at most ${maxTemplateLength} are allowed`;
    return { ok: false, problems: [{ kind: 'too_large', line: 1, column: 1, message }] };
  }
  let parsed: Template[];
  try {
    parsed = engines[format].parse(source);
  } catch (error) {
    return { ok: false, problems: [problemFromError(error, source)] };
  }
  const problems = unknownVariables(parsed, format, sampleContext);
  if (problems.length > 0) return { ok: false, problems };
  try {
    engines[format].renderSync(parsed, sampleContext);
  } catch (error) {
    return { ok: false, problems: [problemFromError(error, source)] };
  }
  return { ok: true };
}

/** Renders one template against one context. Never throws: a failure is a typed problem. */
export function renderTemplate(
  source: string,
  context: TemplateContext,
  format: TemplateFormat,
): TemplateRenderResult {
  try {
    const output: unknown = engines[format].renderSync(parseCached(source, format), context);
    return { ok: true, output: String(output) };
  } catch (error) {
    return { ok: false, problem: problemFromError(error, source) };
  }
}

function tidy(part: TemplatePart, output: string): string {
  if (part === 'subject') return output.replace(/\s+/g, ' ').trim();
  if (part === 'text')
    return (
      output
        .replace(/[ \t]+$/gm, '')
        .replace(/\n{3,}/g, '\n\n')
        .trim() + '\n'
    );
  return output;
}

const parts: readonly TemplatePart[] = ['subject', 'html', 'text'];

export function validateNotificationTemplate(
  template: NotificationTemplate,
  sampleContext: TemplateContext,
): NotificationValidation {
  const problems: PartProblem[] = [];
  for (const part of parts) {
    const result = validateTemplate(template[part], sampleContext, templatePartFormat[part]);
    if (!result.ok) problems.push(...result.problems.map((problem) => ({ ...problem, part })));
  }
  if (problems.length === 0) {
    const subject = renderTemplate(template.subject, sampleContext, 'text');
    if (subject.ok && tidy('subject', subject.output) === '') {
      problems.push({
        part: 'subject',
        kind: 'empty_subject',
        line: 1,
        column: 1,
        message: 'the subject renders empty',
      });
    }
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/** Renders subject, HTML and text for one recipient; the subject is folded onto one line. */
export function renderNotification(
  template: NotificationTemplate,
  context: TemplateContext,
): NotificationRenderResult {
  const rendered: RenderedNotification = { subject: '', html: '', text: '' };
  for (const part of parts) {
    const result = renderTemplate(template[part], context, templatePartFormat[part]);
    if (!result.ok) return { ok: false, problem: { ...result.problem, part } };
    rendered[part] = tidy(part, result.output);
  }
  return { ok: true, notification: rendered };
}
