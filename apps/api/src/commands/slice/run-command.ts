import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, Facts, StreamWriter } from '@exam/application';
import { authorizeRole } from '@exam/domain';
import { FileStore } from '@exam/file-store';
import { AppConfig } from '@exam/infrastructure';
import { FILE_STORE } from '@exam/infrastructure';
import { PersonalDataEraser, PersonalDataVault } from '@exam/personal-data';
import { toErrorBody } from '../../http/error-mapping';
import { ExamMetrics } from '../../metrics/exam-metrics';
import { CommandInput, CommandSlice, SliceDeps } from './command-slice';

/** The one @nestjs/cqrs command: a slice and its input, sent over the CommandBus by every command route. */
export class RunCommand extends Command<CommandResult> {
  constructor(
    readonly slice: CommandSlice,
    readonly input: CommandInput,
  ) {
    super();
  }
}

@CommandHandler(RunCommand)
export class RunCommandHandler implements ICommandHandler<RunCommand> {
  private readonly deps: SliceDeps;

  constructor(
    writer: StreamWriter,
    facts: Facts,
    @Inject(FILE_STORE) files: FileStore,
    config: AppConfig,
    vault: PersonalDataVault,
    eraser: PersonalDataEraser,
    private readonly metrics: ExamMetrics,
  ) {
    this.deps = { writer, facts, files, config, vault, eraser };
  }

  async execute({ slice, input }: RunCommand): Promise<CommandResult> {
    try {
      // The HTTP guard refused other roles already; the domain's table is checked again for any other caller.
      authorizeRole(input.envelope.actor, slice.command);
      const result = await slice.run(input, this.deps);
      this.metrics.commandHandled(slice.command, 'accepted');
      return result;
    } catch (error) {
      this.metrics.commandHandled(slice.command, toErrorBody(error).code);
      throw error;
    }
  }
}
