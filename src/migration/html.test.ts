import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from './html.js';

describe('html', () => {
  it('escapes every interpolated string, in content and in attributes', () => {
    const name = `<script>alert("x")</script> & 'Co'`;
    expect(html`<p title="${name}">${name}</p>`.markup).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;</p>',
    );
  });

  it('nests templates and lists of templates as markup, and leaves out null and undefined', () => {
    const rows = ['a<b', 'c'].map((cell) => html`<td>${cell}</td>`);
    expect(html`<tr>${rows}</tr>${null}${undefined}${3}`.markup).toBe('<tr><td>a&lt;b</td><td>c</td></tr>3');
    expect(escapeHtml('plain')).toBe('plain');
  });
});
