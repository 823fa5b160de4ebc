import { describe, expect, it } from 'vitest';
import { parseDocumentation, parseInline, safeHref } from './docs';

describe('parseDocumentation', () => {
  it('reads headings, paragraphs (joined lines) and inline code', () => {
    const blocks = parseDocumentation(
      '## Create a domain\nPick the environment and\ntype `shop-api`.\n\nSecond paragraph.',
    );
    expect(blocks).toEqual([
      { kind: 'heading', level: 2, content: [{ kind: 'text', text: 'Create a domain' }] },
      {
        kind: 'paragraph',
        content: [
          { kind: 'text', text: 'Pick the environment and type ' },
          { kind: 'code', text: 'shop-api' },
          { kind: 'text', text: '.' },
        ],
      },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'Second paragraph.' }] },
    ]);
  });

  it('reads fenced code verbatim and lists', () => {
    const blocks = parseDocumentation(
      'Steps:\n- one\n- **two**\n1. first\n2. second\n```sh\ncurl -s <x>\n  indented\n```',
    );
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'list', 'list', 'code']);
    expect(blocks[1]).toMatchObject({
      ordered: false,
      items: [[{ text: 'one' }], [{ kind: 'strong', text: 'two' }]],
    });
    expect(blocks[2]).toMatchObject({ ordered: true });
    expect(blocks[3]).toEqual({ kind: 'code', text: 'curl -s <x>\n  indented', language: 'sh' });
  });

  it('keeps an unterminated fence as code to the end', () => {
    expect(parseDocumentation('```\nno end')).toEqual([{ kind: 'code', text: 'no end', language: '' }]);
  });

  it('treats HTML as text (rendered escaped by React)', () => {
    expect(parseDocumentation('<script>alert(1)</script>')).toEqual([
      { kind: 'paragraph', content: [{ kind: 'text', text: '<script>alert(1)</script>' }] },
    ]);
  });
});

describe('links', () => {
  it('keeps safe links and turns unsafe ones into text', () => {
    expect(parseInline('see [the guide](https://example.com/x) or [this](javascript:alert(1))')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'the guide', href: 'https://example.com/x' },
      { kind: 'text', text: ' or this)' },
    ]);
  });

  it('accepts same-site paths, anchors, http(s) and mailto only', () => {
    expect(safeHref('/portal/catalog/x#tutorial')).toBe('/portal/catalog/x#tutorial');
    expect(safeHref('#tutorial')).toBe('#tutorial');
    expect(safeHref('mailto:ops@example.com')).toBe('mailto:ops@example.com');
    expect(safeHref('//evil.example')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('JavaScript:alert(1)')).toBeNull();
  });
});
