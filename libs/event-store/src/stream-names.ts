/** Stream names are `category-id` (STYLE.md), one stream per aggregate. */
export const examStream = (examId: string): string => `exam-${examId}`;
export const institutionStream = (institutionId: string): string => `institution-${institutionId}`;
export const programStream = (programId: string): string => `program-${programId}`;
export const learnerStream = (learnerId: string): string => `learner-${learnerId}`;
