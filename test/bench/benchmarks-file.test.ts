import { expect } from 'chai';
import { replaceSection } from '../../bench/lib/benchmarks-file.js';

describe('bench/lib/benchmarks-file', () => {
  describe('#replaceSection', () => {
    const section = '## Text analysis\n\nnew\n';

    it('replaces only its own section', () => {
      const text = '# Benchmarks\n\n## Search\n\ns\n\n## Text analysis\n\nold\n\n## Web\n\nw\n';
      expect(replaceSection(text, section)).to.equal('# Benchmarks\n\n## Search\n\ns\n\n## Text analysis\n\nnew\n\n## Web\n\nw\n');
    });

    it('replaces the last section up to the end', () => {
      expect(replaceSection('# Benchmarks\n\n## Text analysis\n\nold\nmore\n', section)).to.equal('# Benchmarks\n\n## Text analysis\n\nnew\n');
    });

    it('appends the section when it is missing', () => {
      expect(replaceSection('# Benchmarks\n\n## Search\n\ns\n', section)).to.equal('# Benchmarks\n\n## Search\n\ns\n\n## Text analysis\n\nnew\n');
    });

    it('does not take a longer heading for its own', () => {
      expect(replaceSection('# Benchmarks\n\n## Text analysis extra\n\nx\n', section)).to.equal('# Benchmarks\n\n## Text analysis extra\n\nx\n\n## Text analysis\n\nnew\n');
    });

    it('refuses a section without a heading line', () => {
      expect(() => replaceSection('# Benchmarks\n', 'new\n')).to.throw(Error, 'bench: a section must start with a "## " heading line, got "new\n"');
    });
  });
});
