/** DOMAIN.md, "People". */
export const ROLES = ['learner', 'coach', 'assessor', 'exam_board', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who issues a command: taken from the verified token, never from the body. */
export interface Actor {
  id: string;
  role: Role;
  /** For exam_board and staff: the institution they belong to. */
  institutionId?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
