import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { programDecider } from '@exam/domain';
import { programStream } from '@exam/event-store';
import { CLIENT_ID, CLIENT_ID_MESSAGE } from '../http/ids';
import { NestedList } from '../http/validation';
import { answerOf, commandSlice } from './slice/command-slice';

export class ExamComponentRequest {
  @ApiProperty() @IsString() @Matches(CLIENT_ID, { message: `id ${CLIENT_ID_MESSAGE}` }) id!: string;
  @ApiProperty() @IsString() @Length(1, 300) title!: string;
  @ApiProperty() @IsString() @Length(0, 20000) instructions!: string;
  @ApiProperty({ description: 'shown only, never enforced' }) @IsInt() @Min(0) @Max(100000) indicativeMinutes!: number;
}

export class DefineProgramRequest {
  @ApiProperty() @IsString() @Length(1, 300) title!: string;
  @ApiProperty() @IsInt() @Min(0) xpRequired!: number;
  @ApiProperty() @IsBoolean() hasNextPart!: boolean;

  @NestedList(ExamComponentRequest, 200)
  components!: ExamComponentRequest[];
}

export const defineProgram = commandSlice('DefineProgram', DefineProgramRequest, {
  run: async ({ params: { id: programId }, body, envelope }, { writer }) => {
    const { title, xpRequired, hasNextPart } = body;
    const components = body.components.map(({ id, title, instructions, indicativeMinutes }) => ({
      id,
      title,
      instructions,
      indicativeMinutes,
    }));
    const command = { type: 'DefineProgram' as const, programId, title, xpRequired, hasNextPart, components };
    return answerOf(await writer.handle(programDecider, programStream(programId), command, envelope));
  },
  route: 'PUT programs/:id → 200',
  api: ['programs', 'define', 'ProgramDefined'],
  summary: 'Define a learning program',
});
