import { ChainBreak, ChainVerifier, GENESIS_HASH } from './hash-chain';

/** One line of an audit export (GET /api/audit/export; docs/audit.md), NDJSON or CSV. */
export interface ExportedEvent {
  position: string;
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  /** Metadata without the chain: the export shows prevHash and hash beside it. */
  metadata: Record<string, unknown>;
  prevHash: string | null;
  hash: string | null;
}

export class ExportFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ExportFormatError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalHash = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && /^[0-9a-f]{64}$/.test(value));

function checkedEvent(candidate: Record<string, unknown>, line: number): ExportedEvent {
  const { position, stream, revision, type, data, metadata, prevHash, hash } = candidate;
  if (typeof stream !== 'string' || stream.length === 0) throw new ExportFormatError(line, 'stream is missing');
  if (typeof type !== 'string') throw new ExportFormatError(line, 'type is missing');
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0)
    throw new ExportFormatError(line, 'revision is not a number');
  if (!isObject(metadata)) throw new ExportFormatError(line, 'metadata is not an object');
  if (!optionalHash(prevHash) || !optionalHash(hash)) throw new ExportFormatError(line, 'prevHash/hash are not sha256 hex');
  return {
    position: String(position),
    stream,
    revision,
    type,
    data,
    metadata,
    prevHash: (prevHash as string | null | undefined) ?? null,
    hash: (hash as string | null | undefined) ?? null,
  };
}

export function parseNdjsonLine(text: string, line: number): ExportedEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ExportFormatError(line, `not JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) throw new ExportFormatError(line, 'not a JSON object');
  return checkedEvent(value, line);
}

/**
 * RFC 4180 records from text arriving in pieces (quoted fields may hold commas, quotes and line
 * breaks). Holds one record at most: a file of any size is read in constant memory.
 */
export class CsvRecordParser {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  /** Just left a quoted section: a second quote means a literal quote. */
  private afterQuote = false;
  private pendingCr = false;
  /** 1-based line where the record in hand began. */
  private line = 1;
  private recordLine = 1;

  feed(text: string): { line: number; fields: string[] }[] {
    const done: { line: number; fields: string[] }[] = [];
    for (const char of text) {
      if (this.quoted) {
        if (char === '"') {
          this.quoted = false;
          this.afterQuote = true;
        } else {
          if (char === '\n') this.line++;
          this.field += char;
        }
        continue;
      }
      if (this.pendingCr) {
        this.pendingCr = false;
        if (char === '\n') continue; // \r\n ends one record
      }
      if (char === '"') {
        if (this.afterQuote) this.field += '"';
        this.quoted = true;
        this.afterQuote = false;
        continue;
      }
      this.afterQuote = false;
      if (char === ',') {
        this.record.push(this.field);
        this.field = '';
      } else if (char === '\r' || char === '\n') {
        this.pendingCr = char === '\r';
        this.record.push(this.field);
        done.push({ line: this.recordLine, fields: this.record });
        this.field = '';
        this.record = [];
        this.line++;
        this.recordLine = this.line;
      } else {
        this.field += char;
      }
    }
    return done;
  }

  end(): { line: number; fields: string[] }[] {
    if (this.quoted) throw new ExportFormatError(this.recordLine, 'a quoted field is not closed');
    if (this.field === '' && this.record.length === 0) return [];
    this.record.push(this.field);
    const last = { line: this.recordLine, fields: this.record };
    this.record = [];
    this.field = '';
    return [last];
  }
}

/** The CSV columns of the export; data and metadata are JSON text. */
export const EXPORT_CSV_COLUMNS = [
  'position',
  'stream',
  'revision',
  'type',
  'occurredAt',
  'actorId',
  'actorRole',
  'prevHash',
  'hash',
  'data',
  'metadata',
] as const;

export function csvRecordToEvent(header: readonly string[], fields: readonly string[], line: number): ExportedEvent {
  if (fields.length !== header.length) throw new ExportFormatError(line, `${fields.length} fields, the header names ${header.length}`);
  const cell = (name: string) => fields[header.indexOf(name)];
  const json = (name: string) => {
    try {
      return JSON.parse(cell(name)) as unknown;
    } catch {
      throw new ExportFormatError(line, `${name} is not JSON`);
    }
  };
  const revision = cell('revision');
  return checkedEvent(
    {
      position: cell('position'),
      stream: cell('stream'),
      revision: /^\d+$/.test(revision) ? Number(revision) : NaN,
      type: cell('type'),
      data: json('data'),
      metadata: json('metadata'),
      prevHash: cell('prevHash') || null,
      hash: cell('hash') || null,
    },
    line,
  );
}

export function checkCsvHeader(fields: readonly string[]): void {
  const missing = EXPORT_CSV_COLUMNS.filter((c) => !fields.includes(c));
  if (missing.length > 0) throw new ExportFormatError(1, `not an audit export: the header lacks ${missing.join(', ')}`);
}

export interface StreamVerdict {
  stream: string;
  valid: boolean;
  checked: number;
  firstRevision: number;
  lastRevision: number;
  /** The first exported revision was not 0: its prevHash was taken on trust (a time-window export). */
  anchored: boolean;
  brokenAtRevision?: number;
  reason?: ChainBreak | 'hash_missing' | 'starts_after_revision_0';
  /** Line of the export where the chain broke. */
  line?: number;
}

interface StreamState {
  verifier: ChainVerifier;
  firstRevision: number;
  lastRevision: number;
  anchored: boolean;
  broken?: Pick<StreamVerdict, 'brokenAtRevision' | 'reason' | 'line'>;
}

/**
 * Verifies an export line by line: every stream that carries the chain (exam streams) is
 * recomputed from the events in the export, in constant memory per stream. A stream that starts
 * after revision 0 is broken (events removed from the export), unless the export is known to be
 * a time window (`allowPartial`), where its first prevHash is trusted as the anchor.
 */
export class ExportVerifier {
  private readonly streams = new Map<string, StreamState>();
  private unchainedEvents = 0;
  private lines = 0;

  constructor(private readonly options: { allowPartial?: boolean } = {}) {}

  add(event: ExportedEvent, line: number): void {
    this.lines++;
    if (event.hash === null && event.prevHash === null && !event.stream.startsWith('exam-')) {
      this.unchainedEvents++; // institution, program and learner streams carry no chain (CONTRACT.md)
      return;
    }
    let state = this.streams.get(event.stream);
    if (!state) {
      const partial = event.revision > 0 && this.options.allowPartial === true && event.prevHash !== null;
      state = {
        verifier: new ChainVerifier(
          partial ? { revision: event.revision, prevHash: event.prevHash! } : { revision: 0, prevHash: GENESIS_HASH },
        ),
        firstRevision: event.revision,
        lastRevision: event.revision,
        anchored: partial,
      };
      this.streams.set(event.stream, state);
      if (event.revision > 0 && !partial) state.broken = { brokenAtRevision: 0, reason: 'starts_after_revision_0', line };
    }
    state.lastRevision = event.revision;
    if (state.broken) return;
    if (event.hash === null || event.prevHash === null) {
      state.broken = { brokenAtRevision: event.revision, reason: 'hash_missing', line };
      return;
    }
    const ok = state.verifier.push({
      type: event.type,
      data: event.data,
      metadata: { ...event.metadata, prevHash: event.prevHash, hash: event.hash },
      revision: event.revision,
    });
    if (!ok) {
      const verdict = state.verifier.verdict();
      state.broken = { brokenAtRevision: verdict.brokenAtRevision, reason: verdict.reason, line };
    }
  }

  summary(): { lines: number; unchainedEvents: number; streams: StreamVerdict[]; valid: boolean } {
    const streams = [...this.streams.entries()].map(([stream, state]): StreamVerdict => {
      const { checked } = state.verifier.verdict();
      return {
        stream,
        valid: state.broken === undefined,
        checked,
        firstRevision: state.firstRevision,
        lastRevision: state.lastRevision,
        anchored: state.anchored,
        ...(state.broken ?? {}),
      };
    });
    return { lines: this.lines, unchainedEvents: this.unchainedEvents, streams, valid: streams.every((s) => s.valid) };
  }
}
