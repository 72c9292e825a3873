/** The message `npm start`'s api process sends its supervised followers' process after a commit. */
export const APPENDED_MESSAGE = 'appended';
