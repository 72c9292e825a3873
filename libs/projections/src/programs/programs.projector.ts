import { evolveProgram, Program, ProgramDefined } from '@exam/domain';
import { RecordedEvent } from '@exam/event-store';
import { ReadDocument, ReadModelStore } from '@exam/read-models';
import { categoryOf, Projector } from '../projector';

export const PROGRAMS = 'programs_v1';

export interface ProgramDocument extends ReadDocument {
  revision: number;
  program: Program;
}

export class ProgramsProjector implements Projector {
  readonly name = 'programs';
  readonly collections = [PROGRAMS];

  async setUp(): Promise<void> {}

  async apply(event: RecordedEvent, store: ReadModelStore): Promise<void> {
    if (categoryOf(event) !== 'program') return;
    const program = evolveProgram(null, event as unknown as ProgramDefined);
    if (!program) return;
    await store.collection<ProgramDocument>(PROGRAMS).putIfNewer({ _id: program.programId, revision: event.revision, program });
  }
}
