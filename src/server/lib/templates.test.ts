import { describe, expect, it } from 'vitest';
import { formatDuration } from './template-filters.js';
import {
  renderNotification,
  renderTemplate,
  validateNotificationTemplate,
  validateTemplate,
} from './templates.js';

const context = {
  ticket: {
    key: 'REQ-7',
    title: 'Start staging-7',
    createdAt: '2026-03-29T00:30:00Z',
    fields: { environment: 'staging-7' },
    labels: ['qa', 'payments'],
  },
  requester: { name: 'Linh Nguyen', email: 'linh@example.com' },
  recipient: { name: 'Linh Nguyen', timeZone: 'Europe/Paris', locale: 'en-GB' },
  links: { ticket: 'https://opsdesk.example.com/r/REQ-7?tab=history&x=1' },
};

describe('validateTemplate', () => {
  it('accepts a template whose variables and filters all exist', () => {
    const source = 'Hello {{ requester.name }}, {{ ticket.key }} ({{ ticket.fields.environment | upcase }})';
    expect(validateTemplate(source, context)).toEqual({ ok: true });
  });

  it('reports a syntax error with its line and column', () => {
    const source = 'Hello {{ requester.name }},\n{% if ticket.key %}\nno end';
    expect(validateTemplate(source, context)).toEqual({
      ok: false,
      problems: [{ kind: 'syntax', line: 2, column: 1, message: 'tag {% if ticket.key %} not closed' }],
    });
  });

  it('reports an unclosed output with its position', () => {
    const result = validateTemplate('Key:\n  {{ ticket.key', context);
    expect(result).toMatchObject({ ok: false, problems: [{ kind: 'syntax', line: 2, column: 3 }] });
  });

  it('reports an unknown variable with its line and column', () => {
    expect(validateTemplate('Line one\n  Key: {{ ticket.kee }}', context)).toEqual({
      ok: false,
      problems: [{ kind: 'unknown_variable', line: 2, column: 11, message: 'unknown variable "ticket.kee"' }],
    });
  });

  it('finds unknown variables in branches the sample does not take, and all of them', () => {
    const source =
      '{% if ticket.key == "nope" %}{{ ticket.fields.enviroment }}{% else %}ok{% endif %}\n{{ approver.email }}';
    expect(validateTemplate(source, context)).toEqual({
      ok: false,
      problems: [
        {
          kind: 'unknown_variable',
          line: 1,
          column: 33,
          message: 'unknown variable "ticket.fields.enviroment"',
        },
        { kind: 'unknown_variable', line: 2, column: 4, message: 'unknown variable "approver"' },
      ],
    });
  });

  it('reports an unknown variable reached through a loop variable', () => {
    const source = '{% for label in ticket.labels %}{{ label.colour }}{% endfor %}';
    expect(validateTemplate(source, context)).toMatchObject({
      ok: false,
      problems: [
        { kind: 'unknown_variable', line: 1, column: 36, message: 'unknown variable "label.colour"' },
      ],
    });
  });

  it('accepts array helpers and locals', () => {
    const source =
      '{% assign who = requester.name %}{{ who }} {{ ticket.labels.size }} {{ ticket.labels.first }} {{ ticket.labels[1] }}';
    expect(validateTemplate(source, context)).toEqual({ ok: true });
  });

  it('reports an unknown filter at the filter name', () => {
    expect(validateTemplate('A\nB {{ ticket.key | shout }}', context)).toEqual({
      ok: false,
      problems: [{ kind: 'unknown_filter', line: 2, column: 19, message: 'unknown filter "shout"' }],
    });
  });

  it('reports a filter argument that fails when rendered', () => {
    const result = validateTemplate('{{ ticket.createdAt | datetime: "HH:mm", "Mars/Olympus" }}', context);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          kind: 'render_error',
          line: 1,
          column: 1,
          message: 'datetime: "Mars/Olympus" is not a known time zone',
        },
      ],
    });
  });

  it('never reads partials from the disk', () => {
    // package.json exists in the working directory; an include must still not find it.
    expect(validateTemplate('{% include "package.json" %}', context)).toMatchObject({
      ok: false,
      problems: [
        { kind: 'render_error', message: expect.stringContaining('Failed to lookup "package.json"') },
      ],
    });
  });
});

describe('escaping', () => {
  const hostile = { ...context, ticket: { ...context.ticket, title: '<b onclick="x()">Boss</b> & co' } };

  it('escapes every value in HTML', () => {
    expect(renderTemplate('<p>{{ ticket.title }}</p>', hostile, 'html')).toEqual({
      ok: true,
      output: '<p>&lt;b onclick=&#34;x()&#34;&gt;Boss&lt;/b&gt; &amp; co</p>',
    });
  });

  it('escapes link query strings for attributes', () => {
    expect(renderTemplate('<a href="{{ links.ticket }}">', context, 'html')).toEqual({
      ok: true,
      output: '<a href="https://opsdesk.example.com/r/REQ-7?tab=history&amp;x=1">',
    });
  });

  it('leaves plain text as written', () => {
    expect(renderTemplate('{{ ticket.title }}', hostile, 'text')).toEqual({
      ok: true,
      output: '<b onclick="x()">Boss</b> & co',
    });
  });

  it('keeps line breaks of multi-line text without letting markup through', () => {
    const withLines = { ...context, note: 'line <1>\nline 2' };
    expect(renderTemplate('{{ note | multiline }}', withLines, 'html')).toEqual({
      ok: true,
      output: 'line &lt;1&gt;<br>\nline 2',
    });
    expect(renderTemplate('{{ note | multiline }}', withLines, 'text')).toEqual({
      ok: true,
      output: 'line <1>\nline 2',
    });
  });

  it('lets a template opt out with raw', () => {
    const withMarkup = { ...context, banner: '<hr>' };
    expect(renderTemplate('{{ banner | raw }}', withMarkup, 'html')).toEqual({ ok: true, output: '<hr>' });
  });
});

describe('datetime filter', () => {
  const at = (createdAt: string, timeZone: string, locale: string) => ({
    ...context,
    ticket: { ...context.ticket, createdAt },
    recipient: { ...context.recipient, timeZone, locale },
  });
  const format = '{{ ticket.createdAt | datetime: "yyyy-MM-dd HH:mm ZZZZ" }}';

  it("shows the recipient's own time zone, before and after the spring DST change in Paris", () => {
    // Europe/Paris moves from UTC+1 to UTC+2 at 2026-03-29 01:00 UTC.
    expect(renderTemplate(format, at('2026-03-29T00:30:00Z', 'Europe/Paris', 'en-GB'), 'text')).toEqual({
      ok: true,
      output: '2026-03-29 01:30 CET',
    });
    expect(renderTemplate(format, at('2026-03-29T01:30:00Z', 'Europe/Paris', 'en-GB'), 'text')).toEqual({
      ok: true,
      output: '2026-03-29 03:30 CEST',
    });
  });

  it('and in New York, which changes three weeks earlier', () => {
    // America/New_York moves from UTC-5 to UTC-4 at 2026-03-08 07:00 UTC.
    expect(renderTemplate(format, at('2026-03-08T06:30:00Z', 'America/New_York', 'en-US'), 'text')).toEqual({
      ok: true,
      output: '2026-03-08 01:30 EST',
    });
    expect(renderTemplate(format, at('2026-03-08T07:30:00Z', 'America/New_York', 'en-US'), 'text')).toEqual({
      ok: true,
      output: '2026-03-08 03:30 EDT',
    });
  });

  it('takes an explicit zone, such as the recipient field, over the default', () => {
    const source = '{{ ticket.createdAt | datetime: "d LLL yyyy HH:mm", "Asia/Ho_Chi_Minh" }}';
    expect(renderTemplate(source, context, 'text')).toEqual({ ok: true, output: '29 Mar 2026 07:30' });
    const viaField = '{{ ticket.createdAt | datetime: "HH:mm", recipient.timeZone }}';
    expect(renderTemplate(viaField, context, 'text')).toEqual({ ok: true, output: '01:30' });
  });

  it('renders nothing for an empty date', () => {
    expect(renderTemplate('[{{ end | datetime }}]', { ...context, end: null }, 'text')).toEqual({
      ok: true,
      output: '[]',
    });
  });
});

describe('duration filter', () => {
  it('writes seconds out in words', () => {
    expect(formatDuration(525)).toBe('8 minutes 45 seconds');
    expect(formatDuration(144_036)).toBe('1 day 16 hours 36 seconds');
    expect(formatDuration(3_600)).toBe('1 hour');
    expect(formatDuration(0)).toBe('0 seconds');
    expect(renderTemplate('{{ goal | duration }}', { goal: 22_860 }, 'text')).toEqual({
      ok: true,
      output: '6 hours 21 minutes',
    });
  });
});

describe('renderTemplate at send time', () => {
  it('returns a typed problem, not an exception, when real data lacks a variable', () => {
    const withoutFields = { ...context, ticket: { ...context.ticket, fields: {} } };
    expect(renderTemplate('Env: {{ ticket.fields.environment }}', withoutFields, 'text')).toEqual({
      ok: false,
      problem: {
        kind: 'unknown_variable',
        line: 1,
        column: 9,
        message: 'unknown variable "ticket.fields.environment"',
      },
    });
  });
});

describe('notification templates', () => {
  const template = {
    subject: '[{{ ticket.key }}]\n  {{ ticket.title }}',
    html: '<p>{{ ticket.title }}</p>',
    text: 'Hello {{ requester.name }},   \n\n\n\nbye',
  };

  it('renders the subject on one line and tidies the text', () => {
    expect(renderNotification(template, context)).toEqual({
      ok: true,
      notification: {
        subject: '[REQ-7] Start staging-7',
        html: '<p>Start staging-7</p>',
        text: 'Hello Linh Nguyen,\n\nbye\n',
      },
    });
  });

  it('names the part a problem is in', () => {
    const broken = { ...template, html: '<p>{{ ticket.titel }}</p>', subject: '{{ ticket.key | nope }}' };
    expect(validateNotificationTemplate(broken, context)).toEqual({
      ok: false,
      problems: [
        { part: 'subject', kind: 'unknown_filter', line: 1, column: 17, message: 'unknown filter "nope"' },
        {
          part: 'html',
          kind: 'unknown_variable',
          line: 1,
          column: 7,
          message: 'unknown variable "ticket.titel"',
        },
      ],
    });
  });

  it('refuses a subject that renders empty', () => {
    expect(
      validateNotificationTemplate({ ...template, subject: '{% if false %}x{% endif %}' }, context),
    ).toEqual({
      ok: false,
      problems: [
        { part: 'subject', kind: 'empty_subject', line: 1, column: 1, message: 'the subject renders empty' },
      ],
    });
  });
});
