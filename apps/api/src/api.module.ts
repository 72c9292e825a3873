import { Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { COMMAND_CONTROLLERS, COMMAND_HANDLERS } from './commands';
import { AssessorQueueQueryHandler } from './queries/assessor-queue/assessor-queue.query';
import { AssessorQueueResolver } from './queries/assessor-queue/assessor-queue.resolver';
import { AuditEventsController } from './audit/audit-events/audit-events.controller';
import { AuditExamHistoryController } from './audit/audit-exam-history/audit-exam-history.controller';
import { AuditExportController } from './audit/audit-export/audit-export.controller';
import { CoachQueueQueryHandler } from './queries/coach-queue/coach-queue.query';
import { CoachQueueResolver } from './queries/coach-queue/coach-queue.resolver';
import { DownloadExamFileController } from './queries/download-exam-file/download-exam-file.controller';
import { DownloadProofOfParticipationController } from './queries/download-proof-of-participation/download-proof-of-participation.controller';
import { IssuerKeysController } from './queries/proof-of-participation-credential/issuer-keys.controller';
import { ProofOfParticipationCredentialController } from './queries/proof-of-participation-credential/proof-of-participation-credential.controller';
import { VerifyProofOfParticipationController } from './queries/verify-proof-of-participation/verify-proof-of-participation.controller';
import { ExamStateAsOfController } from './audit/exam-state-as-of/exam-state-as-of.controller';
import { ExamQueryHandler } from './queries/exam/exam.query';
import { ExamResolver } from './queries/exam/exam.resolver';
import { ExamPeopleResolver } from './queries/people/exam-people.resolver';
import { MyAccessQueryHandler } from './queries/my-access/my-access.query';
import { MyAccessResolver } from './queries/my-access/my-access.resolver';
import { MyExamsQueryHandler } from './queries/my-exams/my-exams.query';
import { MyExamsResolver } from './queries/my-exams/my-exams.resolver';
import { NotificationsQueryHandler } from './queries/notifications/notifications.query';
import { NotificationsResolver } from './queries/notifications/notifications.resolver';
import { ReopenRequestsQueryHandler } from './queries/reopen-requests/reopen-requests.query';
import { ReopenRequestsResolver } from './queries/reopen-requests/reopen-requests.resolver';
import { VerifyExamChainController } from './audit/verify-exam-chain/verify-exam-chain.controller';
import { ExamGraphqlModule } from './graphql/graphql.module';
import { HealthController } from './health/health.controller';
import { AuthGuard } from './http/auth';
import { ExamReader } from './queries/exam-reader';
import { AppConfig } from '@exam/infrastructure';
import { IssuerKey } from '@exam/proof-of-participation';
import { ExamMetrics } from './metrics/exam-metrics';

/** REST use cases (commands, downloads, the examination board's audit). */
export const CONTROLLERS = [
  ...COMMAND_CONTROLLERS,
  DownloadExamFileController,
  DownloadProofOfParticipationController,
  ProofOfParticipationCredentialController,
  VerifyProofOfParticipationController,
  IssuerKeysController,
  AuditEventsController,
  AuditExamHistoryController,
  AuditExportController,
  ExamStateAsOfController,
  VerifyExamChainController,
];

/** @nestjs/cqrs handlers: the one command handler, one per query. */
const HANDLERS = [
  ...COMMAND_HANDLERS,
  AssessorQueueQueryHandler,
  CoachQueueQueryHandler,
  ExamQueryHandler,
  MyAccessQueryHandler,
  MyExamsQueryHandler,
  NotificationsQueryHandler,
  ReopenRequestsQueryHandler,
];

/** GraphQL queries of the learner app. */
const RESOLVERS = [
  AssessorQueueResolver,
  CoachQueueResolver,
  ExamResolver,
  ExamPeopleResolver,
  MyAccessResolver,
  MyExamsResolver,
  NotificationsResolver,
  ReopenRequestsResolver,
];

@Module({
  // Terminus logs nothing itself: a failed check is in its answer and the request log.
  imports: [CqrsModule.forRoot(), ExamGraphqlModule, TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, ...CONTROLLERS],
  providers: [
    ...HANDLERS,
    ...RESOLVERS,
    ExamReader,
    ExamMetrics,
    { provide: APP_GUARD, useClass: AuthGuard },
    // Only the api signs credentials: the key is loaded (or generated on first start) here.
    {
      provide: IssuerKey,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => IssuerKey.load(config.issuerKeyFile, (message) => new Logger('Credentials').log(message)),
    },
  ],
})
export class ApiModule {}
