import { EXPORT_CSV_COLUMNS } from '@exam/audit';
import { AuditEvent } from '../audit-event';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** One event per line, every field the chain covers plus the chain itself: the export verifies on its own (docs/audit.md). */
export function ndjsonLine(event: AuditEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** The columns docs/audit.md describes; the verifier reads them by name. */
export const CSV_COLUMNS = EXPORT_CSV_COLUMNS;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvHeader = (): string => `${CSV_COLUMNS.join(',')}\r\n`;

/** data and metadata as JSON text (metadata without the hashes, which have their own columns). */
export function csvLine(event: AuditEvent): string {
  const row: (string | number | null)[] = [
    event.position,
    event.stream,
    event.revision,
    event.type,
    event.metadata.occurredAt,
    event.metadata.actorId,
    event.metadata.actorRole,
    event.prevHash,
    event.hash,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
  ];
  return `${row.map(csvField).join(',')}\r\n`;
}
