import { randomBytes } from 'node:crypto';

/**
 * CONTRACT.md, "Proof of participation that anyone can verify": the code is unguessable. 18 random
 * bytes (144 bits) as base64url: 24 characters, safe in a URL and a QR code, no padding.
 */
const CODE_BYTES = 18;
const VERIFICATION_CODE = /^[A-Za-z0-9_-]{24}$/;

export function newVerificationCode(): string {
  return randomBytes(CODE_BYTES).toString('base64url');
}

/** Only a well-formed code is looked up: anything else is simply not a proof (404, never an error). */
export function isVerificationCode(text: string): boolean {
  return VERIFICATION_CODE.test(text);
}

/** The public page a person opens from the PDF or its QR code. */
export function verificationUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/verify/${code}`;
}
