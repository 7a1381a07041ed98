import { encodeLine, encodeStorage, exptime, MAX_RELATIVE_EXPTIME, ReplyParser, validateKey } from '../../src/memcached/protocol';

describe('ReplyParser', () => {
  test('splits single-line replies and value blocks, in order', () => {
    const parser = new ReplyParser();
    const replies = parser.push(Buffer.from('STORED\r\nVALUE a 0 3\r\nabc\r\nEND\r\nEND\r\n42\r\nNOT_FOUND\r\n'));
    expect(replies.map((r) => r.line)).toEqual(['STORED', 'END', 'END', '42', 'NOT_FOUND']);
    expect(replies[1].values.map((v) => [v.key, v.flags, v.data.toString()])).toEqual([['a', 0, 'abc']]);
    expect(replies[2].values).toEqual([]);
  });

  test('reads a value by its length, so data containing CRLF END CRLF cannot end the reply early', () => {
    const data = 'x\r\nEND\r\nVALUE b 0 1\r\n';
    const [reply] = new ReplyParser().push(Buffer.from(`VALUE a 5 ${data.length}\r\n${data}\r\nEND\r\n`));
    expect(reply.values[0].data.toString()).toBe(data);
    expect(reply.values[0].flags).toBe(5);
  });

  test('waits for the rest of a reply split anywhere, one byte at a time', () => {
    const wire = Buffer.from('VALUE key 0 5 77\r\nhello\r\nEND\r\nDELETED\r\n');
    const parser = new ReplyParser();
    const replies = [...wire].flatMap((byte) => parser.push(Buffer.from([byte])));
    expect(replies.map((r) => [r.line, r.values.map((v) => v.data.toString())])).toEqual([
      ['END', ['hello']],
      ['DELETED', []],
    ]);
  });

  test("parses ElastiCache's CONFIG block like a value", () => {
    const block = '12\nh1|10.0.0.1|11211 h2|10.0.0.2|11211\n';
    const [reply] = new ReplyParser().push(Buffer.from(`CONFIG cluster 0 ${block.length}\r\n${block}\r\nEND\r\n`));
    expect(reply.line).toBe('END');
    expect(reply.values[0].data.toString()).toBe(block);
  });

  test('keeps binary data intact', () => {
    const data = Buffer.from([0, 255, 13, 10, 128]);
    const [reply] = new ReplyParser().push(Buffer.concat([Buffer.from('VALUE k 0 5\r\n'), data, Buffer.from('\r\nEND\r\n')]));
    expect(reply.values[0].data.equals(data)).toBe(true);
  });

  test('fails on a data block not followed by CRLF (a desynchronized stream)', () => {
    expect(() => new ReplyParser().push(Buffer.from('VALUE k 0 2\r\nabcEND\r\n'))).toThrow(/not followed by CRLF/);
  });
});

describe('encoding', () => {
  test('storage commands carry flags, exptime and the byte length of the data', () => {
    expect(encodeStorage('set', 'k', Buffer.from('é'), 60).toString()).toBe('set k 0 60 2\r\né\r\n');
    expect(encodeLine('gat', 30, 'k').toString()).toBe('gat 30 k\r\n');
  });

  test('keys are 1-250 bytes without whitespace or control characters', () => {
    expect(validateKey('a'.repeat(250))).toBe(250);
    expect(() => validateKey('')).toThrow(RangeError);
    expect(() => validateKey('é'.repeat(126))).toThrow(/1 to 250 bytes, got 252/);
    expect(() => validateKey('a b')).toThrow(/spaces or control/);
    expect(() => validateKey('a\nb')).toThrow(/spaces or control/);
  });

  test('exptime rounds up to whole seconds and turns TTLs over 30 days into a Unix time', () => {
    expect(exptime(0)).toBe(0);
    expect(exptime(0.2)).toBe(1);
    expect(exptime(MAX_RELATIVE_EXPTIME)).toBe(MAX_RELATIVE_EXPTIME);
    expect(exptime(MAX_RELATIVE_EXPTIME + 1, 1_700_000_000_000)).toBe(1_700_000_000 + MAX_RELATIVE_EXPTIME + 1);
    expect(() => exptime(-1)).toThrow(RangeError);
    expect(() => exptime(Number.NaN)).toThrow(RangeError);
  });
});
