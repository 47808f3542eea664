import { expect } from 'chai';
import { ParameterError } from '../../src/web/errors.js';
import { compact, docIds, levels, positiveInt, queryText, sortOrder } from '../../src/web/params.js';

function error(fn: () => unknown): ParameterError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParameterError) return err;
    throw err;
  }
  throw new Error('expected a ParameterError');
}

const known = new Set(['qu-01', 'shi-02']);

describe('params', () => {
  describe('#queryText', () => {
    it('trims the query and gives an empty string when it is absent', () => {
      expect(queryText({ q: '  高质量发展 ' })).to.equal('高质量发展');
      expect(queryText({})).to.equal('');
    });

    it('accepts 200 characters and refuses 201, counting characters not UTF-16 units', () => {
      expect(queryText({ q: '𠀀'.repeat(200) })).to.have.length(400);
      const err = error(() => queryText({ q: '高'.repeat(201) }));
      expect(err.parameter).to.equal('q');
      expect(err.message).to.equal('参数 q：查询过长（201 个字符），最多 200 个字符');
    });

    it('refuses a repeated or structured parameter', () => {
      expect(error(() => queryText({ q: ['a', 'b'] })).message).to.equal('参数 q：只能出现一次，且必须是文本');
      expect(error(() => queryText({ q: { a: '1' } })).parameter).to.equal('q');
    });
  });

  describe('#positiveInt', () => {
    it('reads integers in range', () => {
      expect(positiveInt({ page: '3' }, 'page', 1000)).to.equal(3);
      expect(positiveInt({}, 'page', 1000)).to.equal(undefined);
    });

    it('refuses non-numbers, zero, negatives, fractions and values over the maximum, naming the parameter', () => {
      for (const bad of ['abc', '0', '-1', '1.5', '1e3', '101', '99999999999', ' 2']) {
        const err = error(() => positiveInt({ size: bad }, 'size', 100));
        expect(err.parameter).to.equal('size');
        expect(err.message).to.equal(`参数 size：必须是 1 到 100 之间的整数，收到“${bad}”`);
      }
    });
  });

  describe('#levels', () => {
    it('reads one or several levels', () => {
      expect(levels({ level: '区' })).to.deep.equal(['区']);
      expect(levels({ level: '区,市，区' })).to.deep.equal(['区', '市']);
    });

    it('refuses an unknown level', () => {
      expect(error(() => levels({ level: '州' })).message).to.equal('参数 level：必须是 省、市、区、县、镇 之一，收到“州”');
    });
  });

  describe('#docIds', () => {
    it('reads known ids, comma-separated', () => {
      expect(docIds({ doc: 'qu-01,shi-02' }, 'doc', known)).to.deep.equal(['qu-01', 'shi-02']);
    });

    it('takes repeated values only where the parameter is repeatable', () => {
      expect(docIds({ docs: ['qu-01', 'shi-02'] }, 'docs', known, true)).to.deep.equal(['qu-01', 'shi-02']);
      expect(error(() => docIds({ doc: ['qu-01', 'shi-02'] }, 'doc', known)).parameter).to.equal('doc');
    });

    it('refuses unknown and malformed ids', () => {
      expect(error(() => docIds({ doc: 'qu-99' }, 'doc', known)).message).to.equal('参数 doc：未知的报告编号“qu-99”');
      expect(error(() => docIds({ doc: '../etc' }, 'doc', known)).message).to.equal('参数 doc：未知的报告编号“../etc”');
    });
  });

  describe('#sortOrder', () => {
    it('reads relevance and order, refuses anything else', () => {
      expect(sortOrder({ sort: 'order' })).to.equal('order');
      expect(error(() => sortOrder({ sort: 'date' })).message).to.equal('参数 sort：必须是 relevance 或 order，收到“date”');
    });
  });

  describe('#compact', () => {
    it('drops undefined fields', () => {
      expect(compact({ a: 1, b: undefined, c: 0 })).to.deep.equal({ a: 1, c: 0 });
    });
  });
});
