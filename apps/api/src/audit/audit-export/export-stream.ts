import { ExamEvent } from '@exam/domain';
import { aggregateIdOf, EventStore, institutionIdOf, RecordedEvent } from '@exam/event-store';
import { isExamEvent } from '@exam/projections';
import { toAuditEvent } from '../audit-event';
import { csvHeader, csvLine, ExportFormat, ndjsonLine } from './export-format';

export interface ExportSelection {
  /** Exam streams of this institution's exams and its policy stream; undefined: every stream. */
  institutionId?: string;
  /** Inclusive lower bound on occurredAt, epoch ms. */
  fromMs?: number;
  /** Exclusive upper bound on occurredAt, epoch ms. */
  toMs?: number;
  format: ExportFormat;
}

const PAGE = 500;
/** Lines are handed on in chunks of about this size: few writes, little held in memory. */
const CHUNK_BYTES = 64 * 1024;
/** Exams whose institution is remembered; beyond this, the oldest entry is forgotten (and re-read if needed). */
const KNOWN_EXAMS = 10_000;

/**
 * The exam → institution lookup behind the institution filter. ExamRegistered (revision 0)
 * precedes an exam's other events in the log, so the map usually answers; it is bounded (memory
 * stays constant however many exams there are) and a forgotten exam is re-read from its stream.
 */
class ExamInstitutions {
  private readonly known = new Map<string, string | null>();

  constructor(private readonly store: EventStore) {}

  async of(event: RecordedEvent<ExamEvent>): Promise<string | null> {
    const examId = aggregateIdOf(event.stream);
    if (event.type === 'ExamRegistered') return this.remember(examId, event.data.institutionId);
    const known = this.known.get(examId);
    if (known !== undefined) return known;
    const registered = (await this.store.readStream<ExamEvent>(event.stream)).find((e) => e.type === 'ExamRegistered');
    return this.remember(examId, registered?.type === 'ExamRegistered' ? registered.data.institutionId : null);
  }

  private remember(examId: string, institutionId: string | null): string | null {
    this.known.delete(examId);
    this.known.set(examId, institutionId);
    if (this.known.size > KNOWN_EXAMS) this.known.delete(this.known.keys().next().value as string);
    return institutionId;
  }
}

/**
 * The export as text chunks, straight from the event store: read a page of the log only when the
 * consumer wants more (an async generator under a Readable stream: back-pressure end to end),
 * never the whole log. It ends at the head it saw when it began, so it terminates while commands
 * keep appending, and shows the log as of one instant.
 */
export async function* exportChunks(store: EventStore, selection: ExportSelection): AsyncGenerator<string> {
  const line = selection.format === 'csv' ? csvLine : ndjsonLine;
  let chunk = selection.format === 'csv' ? csvHeader() : '';
  const head = await store.headPosition();
  const institutions = new ExamInstitutions(store);
  // As the audit read model has it: an exam's institution, an institution's own policy stream; programs and learners none.
  const institutionOf = async (event: RecordedEvent): Promise<string | null> => {
    if (isExamEvent(event)) return institutions.of(event);
    return institutionIdOf(event.stream) ?? null;
  };

  let after: string | undefined;
  let done = head === undefined;
  while (!done) {
    const page = await store.readAll({ after, limit: PAGE });
    for (const event of page) {
      if (store.comparePositions(event.position, head!) > 0) {
        done = true;
        break;
      }
      // Before the time filter: the lookup learns every ExamRegistered it passes, in the window or not.
      if (selection.institutionId !== undefined && (await institutionOf(event)) !== selection.institutionId) continue;
      const occurredMs = Date.parse(event.metadata.occurredAt);
      if (selection.fromMs !== undefined && !(occurredMs >= selection.fromMs)) continue;
      if (selection.toMs !== undefined && !(occurredMs < selection.toMs)) continue;
      chunk += line(toAuditEvent(event));
      if (chunk.length >= CHUNK_BYTES) {
        yield chunk;
        chunk = '';
      }
    }
    if (page.length < PAGE) done = true;
    else after = page[page.length - 1].position;
  }
  if (chunk.length > 0) yield chunk;
}
