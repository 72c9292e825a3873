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
import { AppConfig } from '@exam/infrastructure';
import { PersonalDataEraser, PersonalDataVault } from '@exam/personal-data';
import { CommandRouteSpec } from '../../http/command-route';

/** What a slice may use to gather facts and write: the one write path and the stores beside it. */
export interface SliceDeps {
  writer: StreamWriter;
  facts: Facts;
  files: FileStore;
  config: AppConfig;
  vault: PersonalDataVault;
  eraser: PersonalDataEraser;
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

/** `'POST exams/:id/hand-in → 200'`: method, path under /api, success status, as CONTRACT.md writes them. */
export type RouteLine = `${CommandRouteSpec['method']} ${string} → ${CommandRouteSpec['status']}`;

/** How a slice describes its route: the line, then [API docs tag, operation name, event recorded], then a summary. */
export interface RouteDocs {
  route: RouteLine;
  api: readonly [tag: string, operation: string, event: string];
  summary: string;
  /** The answer's schema, when it says more than `{ id, revision, position }`. */
  answerDoc?: new () => object;
}

export function routeSpec({ route, api: [tag, operation, event], summary, answerDoc }: RouteDocs): CommandRouteSpec {
  const [method, path, , status] = route.split(' ');
  if (method !== 'POST' && method !== 'PUT' && method !== 'DELETE') throw new Error(`route ${route}: unknown method`);
  const code = Number(status);
  if (code !== 200 && code !== 201 && code !== 202) throw new Error(`route ${route}: unknown status`);
  return { method, path, status: code, tag, operation, event, summary, answer: answerDoc };
}

type Dto<Body> = (new () => Body) | null;

interface SliceSpec<Body extends object> extends RouteDocs {
  run(input: CommandInput<Body>, deps: SliceDeps): Promise<CommandResult>;
}

/** A slice whose `run` sees its body typed: the validation pipe has turned it into an instance of the DTO. */
export function commandSlice<Body extends object>(command: CommandType, body: Dto<Body>, spec: SliceSpec<Body>): CommandSlice {
  return {
    command,
    route: routeSpec(spec),
    ...(body ? { body } : {}),
    run: (input, deps) => spec.run({ ...input, body: validatedBody(body, input.body) }, deps),
  };
}

function validatedBody<Body extends object>(dto: Dto<Body>, body: unknown): Body {
  if (dto === null) return Object.create(null);
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

interface ExamSliceSpec<Body extends object, C extends ExamCommand> extends RouteDocs {
  /** The command with the facts it needs, for this exam (in the actor's scope). */
  gather(exam: RegisteredExam, input: CommandInput<Body>, deps: SliceDeps): C | Promise<C>;
  /** An answer beyond `{ id, revision, position }`, from the events written (or first written, on a retry). */
  answer?(outcome: WriteOutcome<ExamEvent>): CommandResult;
}

/** A command on one exam (`:id` in its path). */
export function examSlice<Body extends object, C extends ExamCommand>(
  command: C['type'],
  body: Dto<Body>,
  spec: ExamSliceSpec<Body, C>,
): CommandSlice {
  return commandSlice<Body>(command, body, {
    ...spec,
    run: async (input, deps) => {
      const outcome = await onExam(deps, command, input.params.id, input.envelope, (exam) => spec.gather(exam, input, deps));
      return spec.answer ? spec.answer(outcome) : answerOf(outcome);
    },
  });
}

interface LearnerSliceSpec<Body extends object, C extends StartSubscription | StartFreeTrial> extends RouteDocs {
  toCommand(learnerId: string, input: CommandInput<Body>): C;
}

/** A command on one learner's access (`learners/:id/...`): an admin's, or the learner's own. */
export const learnerSlice = <Body extends object, C extends StartSubscription | StartFreeTrial>(
  command: C['type'],
  body: Dto<Body>,
  { toCommand, ...docs }: LearnerSliceSpec<Body, C>,
): CommandSlice =>
  commandSlice<Body>(command, body, {
    ...docs,
    run: async (input, { writer }) => {
      const learnerId = input.params.id;
      authorizeLearnerCommand(input.envelope.actor, command, learnerId);
      const outcome = await writer.handle(learnerAccessDecider, learnerStream(learnerId), toCommand(learnerId, input), input.envelope);
      return answerOf(outcome);
    },
  });
