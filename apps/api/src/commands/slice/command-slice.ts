import { CommandEnvelope, CommandResult, Facts, StreamWriter, WriteOutcome } from '@exam/application';
import {
  authorizeExamCommand,
  authorizeLearnerCommand,
  CommandType,
  examDecider,
  ExamCommand,
  ExamEvent,
  learnerAccessDecider,
  RegisteredExam,
  refuse,
  StartFreeTrial,
  StartSubscription,
} from '@exam/domain';
import { examStream, learnerStream } from '@exam/event-store';
import { FileStore } from '@exam/file-store';
import { AppConfig } from '../../infrastructure/config';
import { CommandRouteSpec } from '../../http/command-route';

/** What a slice may use to gather facts and write: the one write path and the stores beside it. */
export interface SliceDeps {
  writer: StreamWriter;
  facts: Facts;
  files: FileStore;
  config: AppConfig;
}

/** A command as HTTP hands it over: path parameters by name, the validated body, the envelope. */
export interface CommandInput<Body = unknown> {
  params: Readonly<Record<string, string>>;
  body: Body;
  envelope: CommandEnvelope;
}

/**
 * A command slice is what is specific to one use case: its route, its request DTO and how it
 * gathers the facts its rules need. Controllers, the @nestjs/cqrs handler and the role check
 * come from the table in `index.ts` (roles from the domain's COMMAND_ROLES).
 */
export interface CommandSlice {
  command: CommandType;
  route: CommandRouteSpec;
  /** The class-validator DTO of the JSON body; none for a command without a body (DELETE). */
  body?: new () => object;
  /** A controller of its own, where the generic one does not fit (multipart uploads). */
  controller?: new (...args: never[]) => object;
  run(input: CommandInput, deps: SliceDeps): Promise<CommandResult>;
}

interface SliceSpec<Body extends object> {
  command: CommandType;
  route: CommandRouteSpec;
  body?: new () => Body;
  run(input: CommandInput<Body>, deps: SliceDeps): Promise<CommandResult>;
}

/** A slice whose `run` sees its body typed: the validation pipe has turned it into an instance of the DTO. */
export function commandSlice<Body extends object>(spec: SliceSpec<Body>): CommandSlice {
  return {
    ...spec,
    run: (input, deps) => spec.run({ ...input, body: validatedBody(spec.body, input.body) }, deps),
  };
}

function validatedBody<Body extends object>(dto: (new () => Body) | undefined, body: unknown): Body {
  if (dto === undefined) return Object.create(null);
  if (body instanceof dto) return body;
  throw new Error(`the body of this command was not validated as ${dto.name}`);
}

/** The public answer of a command: `{ id, revision, position }`. */
export function answerOf({ id, revision, position }: WriteOutcome): CommandResult {
  return { id, revision, position };
}

/**
 * Writes one exam command: the exam must exist, the actor must have it in scope (DOMAIN.md
 * "People"), then the slice gathers its facts from the exam and the decider decides.
 */
export function onExam<C extends ExamCommand>(
  deps: SliceDeps,
  type: C['type'],
  examId: string,
  envelope: CommandEnvelope,
  gather: (exam: RegisteredExam) => C | Promise<C>,
): Promise<WriteOutcome<ExamEvent>> {
  return deps.writer.handle(
    examDecider,
    examStream(examId),
    (state) => {
      if (!state.registered) refuse('NOT_FOUND', 'exam not found');
      authorizeExamCommand(envelope.actor, type, state);
      return gather(state);
    },
    envelope,
  );
}

interface ExamSliceSpec<Body extends object, C extends ExamCommand> {
  command: C['type'];
  route: CommandRouteSpec;
  body?: new () => Body;
  /** The command with the facts it needs, for this exam (in the actor's scope). */
  gather(exam: RegisteredExam, input: CommandInput<Body>, deps: SliceDeps): C | Promise<C>;
  /** An answer beyond `{ id, revision, position }`, from the events written (or first written, on a retry). */
  answer?(outcome: WriteOutcome<ExamEvent>): CommandResult;
}

/** A command on one exam (`:id` in its path). */
export function examSlice<Body extends object, C extends ExamCommand>(spec: ExamSliceSpec<Body, C>): CommandSlice {
  return commandSlice<Body>({
    command: spec.command,
    route: spec.route,
    body: spec.body,
    run: async (input, deps) => {
      const outcome = await onExam(deps, spec.command, input.params.id, input.envelope, (exam) => spec.gather(exam, input, deps));
      return spec.answer ? spec.answer(outcome) : answerOf(outcome);
    },
  });
}

interface LearnerSliceSpec<Body extends object, C extends StartSubscription | StartFreeTrial> {
  command: C['type'];
  route: CommandRouteSpec;
  body: new () => Body;
  toCommand(learnerId: string, input: CommandInput<Body>): C;
}

/** A command on one learner's access (`learners/:id/...`): an admin's, or the learner's own. */
export function learnerSlice<Body extends object, C extends StartSubscription | StartFreeTrial>(
  spec: LearnerSliceSpec<Body, C>,
): CommandSlice {
  return commandSlice<Body>({
    command: spec.command,
    route: spec.route,
    body: spec.body,
    run: async (input, { writer }) => {
      const learnerId = input.params.id;
      authorizeLearnerCommand(input.envelope.actor, spec.command, learnerId);
      return answerOf(
        await writer.handle(learnerAccessDecider, learnerStream(learnerId), spec.toCommand(learnerId, input), input.envelope),
      );
    },
  });
}
