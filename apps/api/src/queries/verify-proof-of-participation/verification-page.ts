import { ProofVerification } from '@exam/proof-of-participation';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
const NOT_RECORDED = '(name not recorded)';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1c2430}
h1{font-size:1.6rem}.verdict{font-weight:600;padding:.6rem .9rem;border-radius:.4rem}
.valid{background:#e3f4e8;color:#14532d}.invalid{background:#fde8e8;color:#7f1d1d}
dt{color:#5b6573;font-size:.9rem;margin-top:.8rem}dd{margin:0}code{word-break:break-all}</style></head>
<body>${body}</body></html>`;
}

/** GET /verify/:code for people: the same answer as the JSON, every value escaped. */
export function verificationPage(proof: ProofVerification): string {
  const row = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;
  const verdict = proof.valid
    ? '<p class="verdict valid">Genuine: this proof of participation was issued for a passed exam, and its audit chain verifies.</p>'
    : '<p class="verdict invalid">Not valid: this proof was issued, but its exam record does not verify.</p>';
  return page(
    'Proof of participation: verification',
    `<h1>Proof of participation</h1>${verdict}<dl>
${row('Learner', escapeHtml(proof.learnerName ?? NOT_RECORDED))}
${row('Learning program', escapeHtml(proof.programTitle))}
${row('Institution', escapeHtml(proof.institutionName ?? NOT_RECORDED))}
${row('Issued', escapeHtml(proof.issuedAt.slice(0, 10)))}
${row('Grade', escapeHtml(proof.grade))}
${row('Exam and attempt', `<code>${escapeHtml(proof.examId)}</code>, attempt ${proof.attempt}`)}
${row('Assessment event hash', `<code>${escapeHtml(proof.assessmentEventHash ?? 'none')}</code>`)}
${row('Audit chain', proof.chainValid ? 'verifies' : 'broken')}
</dl>`,
  );
}

export function unknownProofPage(): string {
  return page(
    'Proof of participation: not found',
    '<h1>Proof of participation</h1><p class="verdict invalid">No proof of participation has this verification code.</p>',
  );
}
