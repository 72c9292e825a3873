import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, Length } from 'class-validator';
import { personDecider } from '@exam/domain';
import { personStream } from '@exam/event-store';
import { Omittable } from '../http/validation';
import { answerOf, commandSlice } from './slice/command-slice';

export class SetPersonProfileRequest {
  @ApiProperty({ description: 'as people read it, in any script' }) @IsString() @Length(1, 200) displayName!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsEmail()
  @Length(3, 320)
  email?: string;
}

/**
 * CONTRACT.md "People and personal data": the profile is sealed with the person's own key before
 * the decider sees it, so the log never holds it in the clear (and erasure can make it unreadable).
 */
export const setPersonProfile = commandSlice('SetPersonProfile', SetPersonProfileRequest, {
  run: async ({ params: { id: personId }, body, envelope }, { writer, vault }) => {
    const { displayName, email } = body;
    const profile = await vault.seal(personId, { displayName, ...(email !== undefined ? { email } : {}) });
    const keyed = envelope.requestHash ? { ...envelope, requestHash: await vault.fingerprint(personId, envelope.requestHash) } : envelope;
    return answerOf(await writer.handle(personDecider, personStream(personId), { type: 'SetPersonProfile', personId, profile }, keyed));
  },
  route: 'PUT people/:id → 200',
  api: ['people', 'setProfile', 'PersonProfileSet'],
  summary: "Set a person's profile (display name, e-mail); stored encrypted with the person's own key",
});
