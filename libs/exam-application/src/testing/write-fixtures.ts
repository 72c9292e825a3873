/** What the write path's specs send: one admin, one moment, exam commands with fixed facts. */
import { Actor, AwardXp, RegisterExam } from '@exam/domain';
import { CommandEnvelope } from '../command-envelope';

export const ADMIN: Actor = { id: 'admin-1', role: 'admin' };
export const NOW = '2025-03-20T09:00:00.000Z';

export function envelope(overrides: Partial<CommandEnvelope> = {}): CommandEnvelope {
  return { actor: ADMIN, now: NOW, correlationId: 'corr-1', causationId: 'req-1', ...overrides };
}

export const registerExam = (examId = 'exam-1'): RegisterExam => ({
  type: 'RegisterExam',
  now: NOW,
  examId,
  learnerId: 'l-1',
  programId: 'p-1',
  institutionId: 'i-1',
  coachId: 'c-1',
});

export const awardXp = (amount: number, source = 'assignment'): AwardXp => ({ type: 'AwardXp', now: NOW, amount, source });
