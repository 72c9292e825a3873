import { evolveProgram, Program, ProgramDefined } from '@exam/domain';
import { RecordedEvent } from '@exam/event-store';
import { ReadDocument, ReadModelStore } from '@exam/read-models';
import { isProgramEvent, Projector } from '../projector';

export const PROGRAMS = 'programs_v1';

export interface ProgramDocument extends ReadDocument {
  revision: number;
  program: Program;
}

export class ProgramsProjector implements Projector<ProgramDefined> {
  readonly name = 'programs';
  readonly collections = [PROGRAMS];
  readonly handles = isProgramEvent;

  async setUp(): Promise<void> {}

  async apply(event: RecordedEvent<ProgramDefined>, store: ReadModelStore): Promise<void> {
    const program = evolveProgram(null, event);
    if (!program) return;
    await store.collection<ProgramDocument>(PROGRAMS).putIfNewer({ _id: program.programId, revision: event.revision, program });
  }
}
