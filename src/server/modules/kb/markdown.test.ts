// Articles render inert: scripts, event handlers, javascript: links and raw HTML never become live
// markup, while ordinary Markdown does.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

describe('safe Markdown', () => {
  it('renders headings, lists, code, emphasis and http links', () => {
    const html = renderMarkdown(
      '# VPN\n\n1. Open **Settings**\n2. Run `vpn reset`\n\n[Guide](https://example.com/vpn)',
    );
    expect(html).toContain('<h1>VPN</h1>');
    expect(html).toContain('<strong>Settings</strong>');
    expect(html).toContain('<code>vpn reset</code>');
    expect(html).toContain(
      '<a href="https://example.com/vpn" rel="noopener noreferrer nofollow" target="_blank">Guide</a>',
    );
  });

  it.each([
    ['<script>alert(1)</script>', '<script'],
    ['<img src=x onerror="alert(1)">', '<img'],
    ['<a href="#" onclick="alert(1)">x</a>', '<a href="#" onclick'],
    ['[click](javascript:alert(1))', 'href="javascript:'],
    ['[click](JaVaScRiPt:alert(1))', 'href="JaVaScRiPt:'],
    ['[data](data:text/html;base64,PHNjcmlwdD4=)', 'href="data:'],
    ['![x](https://tracker.example/pixel.gif)', '<img'],
    ['<iframe src="https://evil.example"></iframe>', '<iframe'],
    ['<svg onload=alert(1)>', '<svg'],
  ])('%s renders inert', (source, live) => {
    const html = renderMarkdown(source);
    expect(html).not.toContain(live);
    expect(html).not.toMatch(/<[a-z]+[^>]*\son[a-z]+=/i);
  });

  it('shows raw HTML as text', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
