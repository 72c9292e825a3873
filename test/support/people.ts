import { Who } from './api-client';

/** The cast of the lifecycle walk (DOMAIN.md, "People"). */
export const admin: Who = { role: 'admin', id: 'admin-1' };
export const learner: Who = { role: 'learner', id: 'learner-anna' };
export const otherLearner: Who = { role: 'learner', id: 'learner-bram' };
export const coach: Who = { role: 'coach', id: 'coach-carla', institutionId: 'inst-1' };
export const otherCoach: Who = { role: 'coach', id: 'coach-dirk', institutionId: 'inst-1' };
export const assessor: Who = { role: 'assessor', id: 'assessor-eva', institutionId: 'inst-1' };
export const otherAssessor: Who = { role: 'assessor', id: 'assessor-frank', institutionId: 'inst-1' };
export const examBoard: Who = { role: 'exam_board', id: 'board-1', institutionId: 'inst-1' };
export const otherExamBoard: Who = { role: 'exam_board', id: 'board-2', institutionId: 'inst-2' };
