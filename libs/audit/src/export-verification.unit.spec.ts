import { chainHash, GENESIS_HASH } from './hash-chain';
import {
  csvRecordToEvent,
  CsvRecordParser,
  EXPORT_CSV_COLUMNS,
  ExportedEvent,
  ExportFormatError,
  ExportVerifier,
  parseNdjsonLine,
} from './export-verification';

function exported(stream: string, n: number): ExportedEvent[] {
  let prevHash = GENESIS_HASH;
  return Array.from({ length: n }, (_, revision) => {
    const event = {
      position: String(revision + 1),
      stream,
      revision,
      type: 'XpAwarded',
      data: { amount: revision },
      metadata: { actorId: 'a' },
    };
    const hash = chainHash(prevHash, event);
    const line = { ...event, prevHash, hash };
    prevHash = hash;
    return line;
  });
}

describe('reading an export', () => {
  it('parses RFC 4180 CSV arriving in pieces: quotes, doubled quotes, commas and line breaks inside fields, CRLF', () => {
    const parser = new CsvRecordParser();
    const text = 'a,b,c\r\n1,"x,""y""",\r\n2,"multi\nline",z\n3,,"';
    const records = [...text].flatMap((char) => parser.feed(char));
    records.push(...parser.feed('end"'), ...parser.end());
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x,"y"', ''] },
      { line: 3, fields: ['2', 'multi\nline', 'z'] },
      { line: 5, fields: ['3', '', 'end'] },
    ]);
    const open = new CsvRecordParser();
    open.feed('"never closed');
    expect(() => open.end()).toThrow(ExportFormatError);
  });

  it('reads a CSV row by its header, and refuses lines that are not export lines', () => {
    const row = ['7', 'exam-x', '2', 'XpAwarded', 't', 'a', 'admin', '', '', '{"amount":1}', '{"actorId":"a"}'];
    expect(csvRecordToEvent([...EXPORT_CSV_COLUMNS], row, 3)).toEqual({
      position: '7',
      stream: 'exam-x',
      revision: 2,
      type: 'XpAwarded',
      data: { amount: 1 },
      metadata: { actorId: 'a' },
      prevHash: null,
      hash: null,
    });
    expect(() => csvRecordToEvent([...EXPORT_CSV_COLUMNS], row.slice(1), 3)).toThrow('line 3');
    expect(() => parseNdjsonLine('[1]', 4)).toThrow('line 4: not a JSON object');
    expect(() => parseNdjsonLine('{"stream":"exam-x","type":"T","revision":-1,"metadata":{}}', 5)).toThrow('revision');
  });
});

describe('verifying an export', () => {
  it('accepts intact chains, interleaved streams and unchained streams', () => {
    const verifier = new ExportVerifier();
    const a = exported('exam-a', 3);
    const b = exported('exam-b', 2);
    [a[0], b[0], a[1], b[1], a[2]].forEach((e, i) => verifier.add(e, i + 1));
    verifier.add({ ...exported('program-p', 1)[0], prevHash: null, hash: null }, 6);
    expect(verifier.summary()).toMatchObject({
      valid: true,
      lines: 6,
      unchainedEvents: 1,
      streams: [
        { stream: 'exam-a', checked: 3 },
        { stream: 'exam-b', checked: 2 },
      ],
    });
  });

  it('names the stream, revision and line of a change, a removed line, a stripped hash or a missing start', () => {
    const changed = new ExportVerifier();
    exported('exam-a', 3).forEach((e, i) => changed.add(i === 1 ? { ...e, data: { amount: 100 } } : e, i + 1));
    expect(changed.summary().streams[0]).toMatchObject({ valid: false, brokenAtRevision: 1, reason: 'hash_mismatch', line: 2 });

    const stripped = new ExportVerifier();
    exported('exam-a', 2).forEach((e, i) => stripped.add(i === 1 ? { ...e, prevHash: null, hash: null } : e, i + 1));
    expect(stripped.summary().streams[0]).toMatchObject({ valid: false, brokenAtRevision: 1, reason: 'hash_missing' });

    const tail = exported('exam-a', 4).slice(2);
    const strict = new ExportVerifier();
    tail.forEach((e, i) => strict.add(e, i + 1));
    expect(strict.summary().streams[0]).toMatchObject({ valid: false, brokenAtRevision: 0, reason: 'starts_after_revision_0' });
    const partial = new ExportVerifier({ allowPartial: true });
    tail.forEach((e, i) => partial.add(e, i + 1));
    expect(partial.summary()).toMatchObject({ valid: true, streams: [{ anchored: true, firstRevision: 2, lastRevision: 3, checked: 2 }] });
  });
});
