import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { FONT_FILES, runsByScript } from './proof-fonts';

/** What the PDF shows (DOMAIN.md step 12, CONTRACT.md "Proof of participation that anyone can verify"). */
export interface ProofDocumentContent {
  /** Null: no profile, or erased. The document says so; it never shows an id instead. */
  learnerName: string | null;
  programTitle: string;
  institutionName: string | null;
  /** ISO date (yyyy-mm-dd) of issue. */
  issuedOn: string;
  grade: string;
  /** Absent only for proofs issued before verification codes existed. */
  verification?: { code: string; url: string };
}

export const NAME_NOT_RECORDED = '(name not recorded)';

const PAGE = { width: 595.28, height: 841.89, margin: 64 };
const INK = '#1c2430';
const MUTED = '#5b6573';
const ACCENT = '#1f4e79';
const RULE = '#c9d1db';

/** One A4 page: issuer, title, who, what, when, the grade, and how to check it (QR + URL + code). */
export async function renderProofDocument(content: ProofDocumentContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    pdfVersion: '1.4',
    info: {
      Title: `Proof of participation: ${content.programTitle}`,
      Author: content.institutionName ?? 'Exam platform',
      Producer: 'exam-backend',
    },
  });
  for (const [face, file] of Object.entries(FONT_FILES)) doc.registerFont(face, file);
  const done = collect(doc);
  const width = PAGE.width - 2 * PAGE.margin;
  const left = PAGE.margin;

  doc.rect(0, 0, PAGE.width, 10).fill(ACCENT);
  doc.y = 52;
  write(doc, (content.institutionName ?? `Institution ${NAME_NOT_RECORDED}`).toUpperCase(), { size: 11, color: ACCENT, bold: true, width });
  doc.moveDown(1.4);
  write(doc, 'Proof of participation', { size: 30, color: INK, bold: true, width });
  doc.moveDown(0.2);
  write(doc, 'This document confirms that', { size: 12, color: MUTED, width });
  doc.moveDown(0.6);
  write(doc, content.learnerName ?? NAME_NOT_RECORDED, { size: 22, color: content.learnerName ? INK : MUTED, bold: true, width });
  doc.moveDown(0.6);
  write(doc, 'has passed the final exam of the learning program', { size: 12, color: MUTED, width });
  doc.moveDown(0.4);
  write(doc, content.programTitle, { size: 17, color: INK, bold: true, width });
  doc.moveDown(1.2);
  rule(doc, left, width);
  doc.moveDown(0.8);

  const details: [string, string][] = [
    ['Institution', content.institutionName ?? NAME_NOT_RECORDED],
    ['Date', content.issuedOn],
    ['Grade', `${content.grade} (passed)`],
  ];
  const labelWidth = 110;
  for (const [label, value] of details) {
    const top = doc.y;
    write(doc, label, { size: 11, color: MUTED, width: labelWidth, x: left, y: top });
    const afterLabel = doc.y;
    write(doc, value, { size: 12, color: INK, bold: label === 'Grade', width: width - labelWidth, x: left + labelWidth, y: top });
    doc.x = left;
    doc.y = Math.max(doc.y, afterLabel) + 6;
  }
  doc.moveDown(0.8);
  rule(doc, left, width);
  doc.moveDown(1);

  if (content.verification) verificationBlock(doc, content.verification, left, width);

  const footer =
    'Issued through the exam platform on behalf of the institution named above. Anyone holding the verification code can ' +
    'check at the address above, without an account, that this proof is genuine and what it was issued for.';
  write(doc, footer, { size: 8.5, color: MUTED, width, x: left, y: PAGE.height - PAGE.margin - 30 });
  doc.end();
  return done;
}

function verificationBlock(doc: PDFKit.PDFDocument, verification: { code: string; url: string }, left: number, width: number) {
  const top = doc.y;
  const qrSize = 118;
  drawQr(doc, QRCode.create(verification.url, { errorCorrectionLevel: 'M' }).modules, left, top, qrSize);
  const textLeft = left + qrSize + 22;
  const textWidth = width - qrSize - 22;
  write(doc, 'Verify this proof', { size: 13, color: INK, bold: true, width: textWidth, x: textLeft, y: top + 4 });
  doc.moveDown(0.3);
  write(doc, 'Scan the code or open:', { size: 10, color: MUTED, width: textWidth, x: textLeft });
  write(doc, verification.url, { size: 10, color: ACCENT, width: textWidth, x: textLeft });
  doc.moveDown(0.5);
  write(doc, 'Verification code', { size: 10, color: MUTED, width: textWidth, x: textLeft });
  write(doc, verification.code, { size: 11, color: INK, bold: true, width: textWidth, x: textLeft });
  doc.x = left;
  doc.y = Math.max(doc.y, top + qrSize) + 16;
}

/** The QR code as vector squares (sharp at any zoom), on a white quiet zone of 4 modules. */
function drawQr(
  doc: PDFKit.PDFDocument,
  modules: { size: number; get(row: number, column: number): number | boolean },
  x: number,
  y: number,
  size: number,
) {
  const quiet = 4;
  const cell = size / (modules.size + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (modules.get(row, column)) doc.rect(x + (column + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fill('#000000');
  doc.restore();
}

function rule(doc: PDFKit.PDFDocument, left: number, width: number) {
  doc
    .save()
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.8)
    .strokeColor(RULE)
    .stroke()
    .restore();
}

interface WriteOptions {
  size: number;
  color: string;
  width: number;
  bold?: boolean;
  x?: number;
  y?: number;
}

/** Text in any script, wrapped to the width: one pdfkit text call per font run, continued on one flow. */
function write(doc: PDFKit.PDFDocument, text: string, options: WriteOptions) {
  const runs = runsByScript(text, options.bold ?? false);
  doc.fillColor(options.color).fontSize(options.size);
  runs.forEach((run, i) => {
    doc.font(run.face);
    const continued = i < runs.length - 1;
    if (i === 0 && options.x !== undefined) doc.text(run.text, options.x, options.y ?? doc.y, { width: options.width, continued });
    else doc.text(run.text, { width: options.width, continued });
  });
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
