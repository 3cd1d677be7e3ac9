// libsrt log lines: topic selection, parsing of libsrt's header, and Core's distribution to connections.
import { describe, expect, it } from 'vitest';
import { SrtLogBook, parseLogLine, resolveLogAreas } from '../../../main/core/srt/SrtLogBook.js';

describe('resolveLogAreas', () => {
  it('takes libsrt area names and Core topics by their first segment', () => {
    expect(resolveLogAreas(['conn', 'HAICRYPT'])).toEqual(['conn', 'haicrypt']);
    expect(resolveLogAreas(['handshake:recv:dump', 'connection:new']).sort()).toEqual(['conn', 'sockmgmt']);
    expect(resolveLogAreas(['nonsense', ''])).toEqual([]);
    expect(resolveLogAreas([])).toEqual([]);
  });
});

describe('parseLogLine', () => {
  it('reads the area code, the socket and the text', () => {
    expect(parseLogLine({ ts: 5, level: 7, area: 'generateSocketID', message: ' D:SRT.sm: generateSocketID: : @209379219' })).toEqual({
      topic: 'sockmgmt',
      socketId: 209379219,
      log: { ts: 5, msg: ['generateSocketID: : @209379219'] },
    });
    const multi = parseLogLine({ ts: 1, level: 5, area: 'x', message: '.N:SRT.cn: first\nsecond\n' });
    expect(multi).toEqual({ topic: 'conn', socketId: 0, log: { ts: 1, msg: ['first', 'second'] } });
  });

  it('keeps a line without libsrt header under general', () => {
    expect(parseLogLine({ ts: 1, level: 3, area: 'x', message: 'plain' })).toEqual({ topic: 'general', socketId: 0, log: { ts: 1, msg: ['plain'] } });
  });
});

describe('SrtLogBook', () => {
  it('keeps the last 100 lines per topic and distributes them like Core', () => {
    const book = new SrtLogBook();
    for (let i = 0; i < 150; i++) book.add([{ ts: i, level: 5, area: 'a', message: `.N:SRT.cn: line ${i}` }]);
    book.add([
      { ts: 200, level: 5, area: 'a', message: '.N:SRT.sm: @7: about seven' },
      { ts: 201, level: 5, area: 'a', message: '.N:SRT.sm: @8: about an unlisted socket' },
      { ts: 202, level: 5, area: 'a', message: '.N:SRT.sm: @9: about the listener' },
    ]);
    const seven = {};
    const server = book.distribute(new Map([[7, seven]]), new Set([9]));
    expect(server['conn']).toHaveLength(100);
    expect(server['conn']![0]!.msg).toEqual(['line 50']);
    expect(server['sockmgmt']).toEqual([{ ts: 202, msg: ['@9: about the listener'] }]);
    expect(seven).toEqual({ sockmgmt: [{ ts: 200, msg: ['@7: about seven'] }] });
    book.clear();
    expect(book.distribute(new Map(), new Set())).toEqual({});
  });
});
