import { describe, expect, test } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  test.each([
    ['# Title', '<h1>Title</h1>'],
    ['Some *it* and **bold** and `a<b`', '<p>Some <em>it</em> and <strong>bold</strong> and <code>a&lt;b</code></p>'],
    ['- a\n- b\n\n1. x', '<ul><li>a</li><li>b</li></ul><ol><li>x</li></ol>'],
    ['```\nSELECT 1 < 2\n```', '<pre><code>SELECT 1 &lt; 2</code></pre>'],
    ['[docs](https://example.com)', '<p><a href="https://example.com" target="_blank" rel="noopener noreferrer">docs</a></p>'],
    ['line one\nline two', '<p>line one line two</p>'],
  ])('%j', (md, html) => expect(renderMarkdown(md)).toBe(html));

  test('markup and script are escaped, javascript: links are not links', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;img');
  });
});
