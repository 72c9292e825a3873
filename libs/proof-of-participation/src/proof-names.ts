/**
 * The display names a proof shows (DOMAIN.md, "People and privacy"). Null where no profile was set
 * or the person was erased: the proof then says so, and never shows an id instead.
 */
export interface ProofNames {
  learnerName(learnerId: string): Promise<string | null>;
  institutionName(institutionId: string): Promise<string | null>;
}

export const PROOF_NAMES = Symbol('ProofNames');
