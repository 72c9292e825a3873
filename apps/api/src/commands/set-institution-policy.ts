import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNumber, IsString, Length, Max, Min } from 'class-validator';
import { GradingScale, institutionPolicyDecider } from '@exam/domain';
import { institutionStream } from '@exam/event-store';
import { answerOf, commandSlice } from './slice/command-slice';
import { Omittable } from '../http/validation';

export class SetInstitutionPolicyRequest {
  @ApiPropertyOptional({ description: "the institution's display name, in any script" })
  @Omittable()
  @IsString()
  @Length(1, 300)
  name?: string;

  @ApiProperty({ enum: ['numeric', 'rating'] })
  @IsIn(['numeric', 'rating'])
  gradingScale!: GradingScale;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 5.5, description: 'numeric scale only' })
  @Omittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(10)
  passMark?: number;

  @ApiProperty() @IsBoolean() resitsAllowed!: boolean;
  @ApiProperty() @IsBoolean() earlyReleaseAllowed!: boolean;
}

export const setInstitutionPolicy = commandSlice('SetInstitutionPolicy', SetInstitutionPolicyRequest, {
  run: async ({ params: { id: institutionId }, body, envelope }, { writer }) => {
    const { name, gradingScale, passMark, resitsAllowed, earlyReleaseAllowed } = body;
    const command = {
      type: 'SetInstitutionPolicy' as const,
      institutionId,
      name,
      gradingScale,
      passMark,
      resitsAllowed,
      earlyReleaseAllowed,
    };
    return answerOf(await writer.handle(institutionPolicyDecider, institutionStream(institutionId), command, envelope));
  },
  route: 'PUT institutions/:id/policy → 200',
  api: ['institutions', 'setPolicy', 'InstitutionPolicySet'],
  summary: "Set an institution's exam policy",
});
