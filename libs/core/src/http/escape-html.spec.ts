import { escapeHtml } from './escape-html';

describe('escapeHtml', () => {
  it('turns markup and quotes into text', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;y&#39;');
  });
});
