import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResult, Facts, StreamWriter } from '@exam/application';
import { authorizeRole } from '@exam/domain';
import { FileStore } from '@exam/file-store';
import { AppConfig } from '@exam/infrastructure';
import { FILE_STORE } from '@exam/infrastructure';
import { PersonalDataEraser, PersonalDataVault } from '@exam/personal-data';
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
  ) {
    this.deps = { writer, facts, files, config, vault, eraser };
  }

  execute({ slice, input }: RunCommand): Promise<CommandResult> {
    // The HTTP guard refused other roles already; the domain's table is checked again for any other caller.
    authorizeRole(input.envelope.actor, slice.command);
    return slice.run(input, this.deps);
  }
}
