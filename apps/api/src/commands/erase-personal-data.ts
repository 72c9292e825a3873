import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { personDecider } from '@exam/domain';
import { personStream } from '@exam/event-store';
import { ErasurePending } from '@exam/personal-data';
import { answerOf, commandSlice } from './slice/command-slice';

export class ErasePersonalDataRequest {
  @ApiProperty({ description: 'why (e.g. the request reference); kept in the clear, so no personal data here' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

/**
 * CONTRACT.md "People and personal data": final. The event is recorded first (acknowledged =
 * durable), then the key, the files and the proofs are destroyed; a job following the event
 * finishes what a crash in between left undone.
 */
export const erasePersonalData = commandSlice('ErasePersonalData', ErasePersonalDataRequest, {
  run: async ({ params: { id: personId }, body: { reason }, envelope }, { writer, eraser }) => {
    const outcome = await writer.handle(personDecider, personStream(personId), { type: 'ErasePersonalData', personId, reason }, envelope);
    // The read models not there yet: the key is destroyed already, the job destroys files and proofs once they are.
    await eraser.complete(personId, outcome.position).catch((error: unknown) => {
      if (!(error instanceof ErasurePending)) throw error;
    });
    return answerOf(outcome);
  },
  route: 'POST people/:id/erasure → 200',
  api: ['people', 'erasePersonalData', 'PersonalDataErased'],
  summary: "Erase a person's personal data for good: profile unreadable, uploaded files and rendered proofs destroyed",
});
