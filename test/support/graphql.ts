import { ApiClient, Who } from './api-client';

export const EXAM_FIELDS = `
  id learnerId coachId assessorId institutionId programId programTitle status attempt xp xpRequired
  sample { number outcome feedback { assignmentId comment } feedbackViewed }
  components { id title instructions indicativeMinutes }
  files { id name size mediaType sha256 componentId uploadedAt }
  videoLinks { url title }
  handedInAt nextPart { partTitle note scheduledAt }
  assessment { numeric rating passed feedback publishedAt }
  canHandIn proofOfParticipationAvailable revision`;

/** POST /graphql as `who`; `minPosition` asks the server to wait until the read models reached it. */
export async function graphql<T = any>(
  api: ApiClient,
  who: Who,
  query: string,
  variables: Record<string, unknown> = {},
  minPosition?: string,
) {
  const headers: Record<string, string> = minPosition ? { 'x-min-position': minPosition } : {};
  const answer = await api.call<{ data?: T; errors?: { message: string }[] }>('POST', '/graphql', {
    as: who,
    body: { query, variables },
    headers,
  });
  return answer;
}

export async function examAs(api: ApiClient, who: Who, examId: string, minPosition?: string) {
  const answer = await graphql(api, who, `query($id: ID!) { exam(id: $id) { ${EXAM_FIELDS} } }`, { id: examId }, minPosition);
  if (answer.status !== 200 || answer.body.errors) throw new Error(`exam query failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.data.exam;
}
