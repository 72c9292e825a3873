/** The ids clients choose (exams, learners, programs, components): one rule everywhere they are accepted. */
export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const CLIENT_ID_MESSAGE = 'must be 1–100 letters, digits or _ . : - (starting with a letter or digit)';
