import { expect } from 'chai';
import { decodeCorpusFile } from '../../src/ingest/decode.js';
import { CorpusError } from '../../src/ingest/errors.js';

const HEADER = '---\nid: x\n---\n';

/** `各位代表：\n全面推进乡村振兴。\n` as `iconv -t GBK` writes it. */
const GBK = Buffer.from('b8f7cebbb4fab1eda3ba0ac8abc3e6cdc6bdf8cfe7b4e5d5f1d0cba1a30a', 'hex');

function reasonOf(bytes: Uint8Array): string {
  try {
    decodeCorpusFile('x.txt', bytes);
  } catch (error) {
    expect(error).to.be.instanceOf(CorpusError);
    return (error as CorpusError).message;
  }
  throw new Error('expected a CorpusError');
}

describe('decode', () => {
  describe('#decodeCorpusFile', () => {
    it('reads UTF-8, without its byte-order mark', () => {
      expect(decodeCorpusFile('x.txt', Buffer.from(`${HEADER}各位代表：\n`))).to.deep.equal({ text: `${HEADER}各位代表：\n`, encoding: 'utf-8' });
      expect(decodeCorpusFile('x.txt', Buffer.from(`\ufeff${HEADER}`))).to.deep.equal({ text: HEADER, encoding: 'utf-8' });
    });

    it('reads Chinese text saved as GBK, whole or after UTF-8 front matter, and says so', () => {
      const gbkHeader = Buffer.from('2d2d2d0a6c6576656c3a20cfd80a2d2d2d0a', 'hex');
      expect(new TextDecoder('gbk').decode(gbkHeader)).to.equal('---\nlevel: 县\n---\n');
      const text = '各位代表：\n全面推进乡村振兴。\n';
      expect(decodeCorpusFile('x.txt', Buffer.concat([gbkHeader, GBK]))).to.deep.equal({ text: `---\nlevel: 县\n---\n${text}`, encoding: 'gb18030' });
      const utf8Header = Buffer.from('---\r\nlevel: 县\r\n--- \r\n');
      expect(decodeCorpusFile('x.txt', Buffer.concat([utf8Header, GBK]))).to.deep.equal({ text: `---\r\nlevel: 县\r\n--- \r\n${text}`, encoding: 'gb18030' });
      expect(decodeCorpusFile('x.txt', GBK)).to.deep.equal({ text, encoding: 'gb18030' });
      // A closing line at the very end of the file, with trailing spaces.
      expect(decodeCorpusFile('x.txt', Buffer.concat([Buffer.from('---\n'), GBK, Buffer.from('---  ')]))).to.deep.equal({ text: `---\n${text}---  `, encoding: 'gb18030' });
    });

    it('names the likely cause of each file it cannot read', () => {
      const cases: Array<[string, Uint8Array, string]> = [
        ['empty', Buffer.alloc(0), 'empty file'],
        ['blank', Buffer.from(' \n\r\n\t '), 'empty file'],
        ['byte-order mark only', Buffer.from('\ufeff\n'), 'empty file'],
        ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]), 'UTF-16 text; save it as UTF-8'],
        ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(HEADER, 'utf16le').swap16()]), 'UTF-16 text; save it as UTF-8'],
        ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), 'binary content (NUL bytes), expected UTF-8 text'],
        // UTF-8 Chinese cut inside a character: GB18030 reads it, but as a rare ideograph.
        ['damaged UTF-8', Buffer.concat([Buffer.from(`${HEADER}中`), Buffer.from([0xe4, 0xb8])]), 'not valid UTF-8 text, nor Chinese text in GB18030 (GBK); save it as UTF-8'],
        ['Latin-1', Buffer.from(`${HEADER}caf\u00e9 cr\u00e8me\n`, 'latin1'), 'not valid UTF-8 text, nor Chinese text in GB18030 (GBK); save it as UTF-8'],
      ];
      expect(cases.map(([label, bytes]) => [label, reasonOf(bytes)])).to.deep.equal(cases.map(([label, , reason]) => [label, `ingest: x.txt: ${reason}`]));
    });
  });
});
