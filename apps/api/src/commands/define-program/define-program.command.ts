import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandEnvelope, CommandResult, StreamWriter } from '@exam/application';
import { decideProgram, evolveProgram, ProgramState } from '@exam/domain';
import { programStream } from '@exam/event-store';
import { answer } from '../answer';
import { DefineProgramRequest } from './define-program.request.dto';

export class DefineProgram extends Command<CommandResult> {
  constructor(
    readonly programId: string,
    readonly request: DefineProgramRequest,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(DefineProgram)
export class DefineProgramHandler implements ICommandHandler<DefineProgram> {
  constructor(private readonly writer: StreamWriter) {}

  async execute({ programId, request, envelope }: DefineProgram): Promise<CommandResult> {
    const { title, xpRequired, hasNextPart } = request;
    const components = request.components.map(({ id, title, instructions, indicativeMinutes }) => ({
      id,
      title,
      instructions,
      indicativeMinutes,
    }));
    const outcome = await this.writer.execute<ProgramState>(
      {
        stream: programStream(programId),
        id: programId,
        initialState: () => null,
        evolve: evolveProgram as never,
        hashChain: false,
        decide: () => decideProgram({ type: 'DefineProgram', programId, title, xpRequired, hasNextPart, components }),
      },
      envelope,
    );
    return answer(outcome);
  }
}
