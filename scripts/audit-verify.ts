/**
 * Verifies an audit export (GET /api/audit/export) on its own, without the server:
 *   npm run audit:verify -- <export.ndjson | export.csv> [--allow-partial] [--quiet]
 * Reads the file line by line (any size, constant memory), recomputes every exam stream's hash
 * chain (docs/audit.md) and prints a result per stream and a summary. Exit code 0 when every
 * chain holds, 1 when one is broken (naming stream, revision and line), 2 when the file cannot be read.
 *   --allow-partial  the export is a time window (from=): a stream may start after revision 0,
 *                    its first prevHash is then trusted as the anchor.
 *   --quiet          print broken streams and the summary only.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  checkCsvHeader,
  csvRecordToEvent,
  CsvRecordParser,
  ExportFormatError,
  ExportVerifier,
  parseNdjsonLine,
  StreamVerdict,
} from '@exam/audit';

async function verifyNdjson(file: string, verifier: ExportVerifier): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    if (text.trim() === '') continue;
    verifier.add(parseNdjsonLine(text, number), number);
  }
}

async function verifyCsv(file: string, verifier: ExportVerifier): Promise<void> {
  const parser = new CsvRecordParser();
  let header: string[] | undefined;
  const take = (records: { line: number; fields: string[] }[]) => {
    for (const { line, fields } of records) {
      if (!header) {
        checkCsvHeader(fields);
        header = fields;
      } else verifier.add(csvRecordToEvent(header, fields, line), line);
    }
  };
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) take(parser.feed(chunk as string));
  take(parser.end());
}

async function isCsv(file: string): Promise<boolean> {
  if (/\.csv$/i.test(file)) return true;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', end: 63 })) return (chunk as string).startsWith('position,');
  return false;
}

function describe(verdict: StreamVerdict): string {
  const range = `revisions ${verdict.firstRevision}..${verdict.lastRevision}`;
  if (verdict.valid)
    return `ok      ${verdict.stream}  ${range}, ${verdict.checked} checked${verdict.anchored ? ' (anchored: partial export)' : ''}`;
  return `BROKEN  ${verdict.stream}  at revision ${verdict.brokenAtRevision} (${verdict.reason}, line ${verdict.line})`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: npm run audit:verify -- <export.ndjson|export.csv> [--allow-partial] [--quiet]');
    return 2;
  }
  const verifier = new ExportVerifier({ allowPartial: args.includes('--allow-partial') });
  try {
    await ((await isCsv(file)) ? verifyCsv(file, verifier) : verifyNdjson(file, verifier));
  } catch (error) {
    if (error instanceof ExportFormatError) {
      console.error(`INVALID ${file}: ${error.message}`);
      return 1; // a line that does not even parse was changed too
    }
    console.error(`cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const summary = verifier.summary();
  const quiet = args.includes('--quiet');
  for (const verdict of summary.streams) if (!quiet || !verdict.valid) console.log(describe(verdict));
  const broken = summary.streams.filter((s) => !s.valid);
  console.log(
    `${summary.valid ? 'VALID' : 'INVALID'}: ${summary.lines} events, ${summary.streams.length} chained streams ` +
      `(${summary.streams.length - broken.length} intact, ${broken.length} broken), ${summary.unchainedEvents} events of streams without a chain`,
  );
  if (broken.length > 0) {
    const first = broken[0];
    console.log(`first break: stream ${first.stream}, revision ${first.brokenAtRevision}, line ${first.line}`);
  }
  return summary.valid ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
