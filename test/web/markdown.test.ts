import { expect } from 'chai';
import { renderMarkdown } from '../../src/web/markdown.js';

describe('markdown', () => {
  describe('#renderMarkdown', () => {
    it('renders headings, paragraphs, lists, code and bold', () => {
      expect(renderMarkdown('# 检索语法\n\n用空格分隔的词，结果必须**全部**包含：\n`a b`。\n\n- 一\n- `-` 二', { headingOffset: 1 })).to.equal(
        ['<h2>检索语法</h2>', '<p>用空格分隔的词，结果必须<strong>全部</strong>包含：<code>a b</code>。</p>', '<ul><li>一</li><li><code>-</code> 二</li></ul>'].join('\n'),
      );
    });

    it('renders a pipe table, with \\| as a literal bar', () => {
      expect(renderMarkdown('| 示例 | 含义 |\n|---|---|\n| `科技\\|人才` | 任一 |')).to.equal(
        '<div class="table-scroll"><table class="data"><thead><tr><th scope="col">示例</th><th scope="col">含义</th></tr></thead><tbody><tr><td><code>科技|人才</code></td><td>任一</td></tr></tbody></table></div>',
      );
    });

    it('escapes raw HTML everywhere', () => {
      expect(renderMarkdown('<script>x</script> **<b>**\n\n| `<i>` | "q" |\n|---|---|')).to.equal(
        '<p>&lt;script&gt;x&lt;/script&gt; <strong>&lt;b&gt;</strong></p>\n<div class="table-scroll"><table class="data"><thead><tr><th scope="col"><code>&lt;i&gt;</code></th><th scope="col">&#34;q&#34;</th></tr></thead><tbody></tbody></table></div>',
      );
    });
  });
});
