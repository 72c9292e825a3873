import { SignJWT } from 'jose';
import { IssuerKey } from './issuer-key';
import { DescribedProof } from './proofs-of-participation';
import { gradeText } from './proof-record';

/** The contexts of an Open Badges 3.0 credential on the VC Data Model 2.0 (the order is the spec's). */
export const OPEN_BADGES_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];
export const CREDENTIAL_MEDIA_TYPE = 'application/vc+jwt';

/**
 * The proof as an Open Badges 3.0 OpenBadgeCredential: the platform issues (it holds the key),
 * the achievement is the passed program, the learner is named only while a name is known
 * (an IdentityObject of type "name"), and the grade is the subject's result.
 */
export function openBadgeCredential(proof: DescribedProof, publicBaseUrl: string) {
  const { record } = proof;
  const issuer = publicBaseUrl.replace(/\/+$/, '');
  return {
    '@context': OPEN_BADGES_CONTEXTS,
    id: proof.verificationUrl ?? `urn:exam-backend:proof:${record.examId}:${record.attempt}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Proof of participation: ${proof.programTitle}`,
    issuer: { id: issuer, type: ['Profile'], name: proof.institutionName ?? 'Exam platform' },
    validFrom: record.issuedAt,
    credentialSubject: {
      id: `urn:exam-backend:learner:${record.learnerId}`,
      type: ['AchievementSubject'],
      ...(proof.learnerName
        ? { identifier: [{ type: 'IdentityObject', identityHash: proof.learnerName, identityType: 'name', hashed: false }] }
        : {}),
      achievement: {
        id: `urn:exam-backend:program:${record.programId}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: proof.programTitle,
        description: `Passed the final exam of the learning program "${proof.programTitle}".`,
        criteria: { narrative: 'The assessor published a passing grade on the final exam of the learning program.' },
      },
      result: [{ type: ['Result'], value: gradeText(record.grade) }],
    },
  };
}

export type OpenBadgeCredential = ReturnType<typeof openBadgeCredential>;

/**
 * Signed as a VC-JOSE JWT: the payload is the credential itself, with the registered claims a
 * plain JWT verifier checks (iss = issuer.id, sub = credentialSubject.id, jti = id, nbf = validFrom).
 */
export function signCredential(credential: OpenBadgeCredential, key: IssuerKey, now: Date): Promise<string> {
  return new SignJWT(credential)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: key.publicJwk.kid })
    .setIssuer(credential.issuer.id)
    .setSubject(credential.credentialSubject.id)
    .setJti(credential.id)
    .setNotBefore(new Date(credential.validFrom))
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .sign(key.privateKey);
}
