import { expect } from 'chai';
import { compareUrl, docUrl, pageWindow, searchUrl } from '../../src/web/links.js';

describe('links', () => {
  describe('#searchUrl', () => {
    it('leaves defaults out and keeps filters', () => {
      expect(searchUrl({ q: '高质量 发展' })).to.equal('/search?q=%E9%AB%98%E8%B4%A8%E9%87%8F+%E5%8F%91%E5%B1%95');
      expect(searchUrl({ q: 'a', page: 1, size: 10, sort: 'relevance' })).to.equal('/search?q=a');
      expect(searchUrl({ q: 'a', page: 3, size: 20, sort: 'order', level: ['区', '市'], doc: ['qu-01'] })).to.equal(
        '/search?q=a&level=%E5%8C%BA%2C%E5%B8%82&doc=qu-01&sort=order&size=20&page=3',
      );
    });
  });

  describe('#docUrl', () => {
    it('adds the query and the anchor', () => {
      expect(docUrl('qu-01')).to.equal('/doc/qu-01');
      expect(docUrl('qu-01', '"a&b"', 'p3')).to.equal('/doc/qu-01?q=%22a%26b%22#p3');
    });
  });

  describe('#compareUrl', () => {
    it('carries the chosen reports', () => {
      expect(compareUrl('a', ['qu-01', 'shi-02'])).to.equal('/compare?q=a&docs=qu-01%2Cshi-02');
    });
  });

  describe('#pageWindow', () => {
    it('shows the pages around the current one, the first and the last, with gaps', () => {
      expect(pageWindow(1, 1)).to.deep.equal([1]);
      expect(pageWindow(1, 5)).to.deep.equal([1, 2, 3, null, 5]);
      expect(pageWindow(6, 20)).to.deep.equal([1, null, 4, 5, 6, 7, 8, null, 20]);
      expect(pageWindow(20, 20)).to.deep.equal([1, null, 18, 19, 20]);
      expect(pageWindow(4, 7)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    });
  });
});
