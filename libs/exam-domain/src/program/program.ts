import { Decider } from '../decider';
import { DomainEvent } from '../event';
import { refuse } from '../rule-violation';

/** An exam component; indicativeMinutes is shown only, never enforced (DOMAIN.md, "Things"). */
export interface ExamComponent {
  id: string;
  title: string;
  instructions: string;
  indicativeMinutes: number;
}

export type Program = {
  programId: string;
  title: string;
  xpRequired: number;
  hasNextPart: boolean;
  components: ExamComponent[];
};

export type ProgramDefined = DomainEvent<'ProgramDefined', Program>;
export interface DefineProgram extends Program {
  type: 'DefineProgram';
}
export type ProgramState = Program | null;

/** Defines (or redefines) the whole program: the stream needs no state to decide. */
export function defineProgram(command: DefineProgram): ProgramDefined[] {
  const ids = command.components.map((c) => c.id);
  if (new Set(ids).size !== ids.length) refuse('VALIDATION_FAILED', 'component ids must be unique within a program', 'components');
  const { programId, title, xpRequired, hasNextPart, components } = command;
  return [{ type: 'ProgramDefined', data: { programId, title, xpRequired, hasNextPart, components } }];
}

export function evolveProgram(_state: ProgramState, event: ProgramDefined): ProgramState {
  return { ...event.data, components: event.data.components.map((c) => ({ ...c })) };
}

/** A learning program's stream (`program-<id>`). */
export const programDecider: Decider<ProgramState, DefineProgram, ProgramDefined> = {
  initialState: () => null,
  evolve: evolveProgram,
  decide: defineProgram,
};
