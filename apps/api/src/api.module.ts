import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AddVideoLinkController } from './commands/add-video-link/add-video-link.controller';
import { AddVideoLinkHandler } from './commands/add-video-link/add-video-link.command';
import { AssessSampleController } from './commands/assess-sample/assess-sample.controller';
import { AssessSampleHandler } from './commands/assess-sample/assess-sample.command';
import { AssessorQueueQueryHandler } from './queries/assessor-queue/assessor-queue.query';
import { AssessorQueueResolver } from './queries/assessor-queue/assessor-queue.resolver';
import { AuditEventsController } from './audit/audit-events/audit-events.controller';
import { AuditExamHistoryController } from './audit/audit-exam-history/audit-exam-history.controller';
import { AuditExportController } from './audit/audit-export/audit-export.controller';
import { AssignAssessorController } from './commands/assign-assessor/assign-assessor.controller';
import { AssignAssessorHandler } from './commands/assign-assessor/assign-assessor.command';
import { AwardXpController } from './commands/award-xp/award-xp.controller';
import { AwardXpHandler } from './commands/award-xp/award-xp.command';
import { CoachQueueQueryHandler } from './queries/coach-queue/coach-queue.query';
import { CoachQueueResolver } from './queries/coach-queue/coach-queue.resolver';
import { DeclineReopenRequestController } from './commands/decline-reopen-request/decline-reopen-request.controller';
import { DeclineReopenRequestHandler } from './commands/decline-reopen-request/decline-reopen-request.command';
import { DefineProgramController } from './commands/define-program/define-program.controller';
import { DefineProgramHandler } from './commands/define-program/define-program.command';
import { DownloadExamFileController } from './queries/download-exam-file/download-exam-file.controller';
import { DownloadProofOfParticipationController } from './queries/download-proof-of-participation/download-proof-of-participation.controller';
import { ExamStateAsOfController } from './audit/exam-state-as-of/exam-state-as-of.controller';
import { ExamQueryHandler } from './queries/exam/exam.query';
import { ExamResolver } from './queries/exam/exam.resolver';
import { HandInExamController } from './commands/hand-in-exam/hand-in-exam.controller';
import { HandInExamHandler } from './commands/hand-in-exam/hand-in-exam.command';
import { InviteToNextPartController } from './commands/invite-to-next-part/invite-to-next-part.controller';
import { InviteToNextPartHandler } from './commands/invite-to-next-part/invite-to-next-part.command';
import { IssueProofOfParticipationController } from './commands/issue-proof-of-participation/issue-proof-of-participation.controller';
import { IssueProofOfParticipationHandler } from './commands/issue-proof-of-participation/issue-proof-of-participation.command';
import { MyAccessQueryHandler } from './queries/my-access/my-access.query';
import { MyAccessResolver } from './queries/my-access/my-access.resolver';
import { MyExamsQueryHandler } from './queries/my-exams/my-exams.query';
import { MyExamsResolver } from './queries/my-exams/my-exams.resolver';
import { NotificationsQueryHandler } from './queries/notifications/notifications.query';
import { NotificationsResolver } from './queries/notifications/notifications.resolver';
import { PublishAssessmentController } from './commands/publish-assessment/publish-assessment.controller';
import { PublishAssessmentHandler } from './commands/publish-assessment/publish-assessment.command';
import { RegisterExamController } from './commands/register-exam/register-exam.controller';
import { RegisterExamHandler } from './commands/register-exam/register-exam.command';
import { ReleaseExamController } from './commands/release-exam/release-exam.controller';
import { ReleaseExamHandler } from './commands/release-exam/release-exam.command';
import { RemoveExamFileController } from './commands/remove-exam-file/remove-exam-file.controller';
import { RemoveExamFileHandler } from './commands/remove-exam-file/remove-exam-file.command';
import { ReopenExamController } from './commands/reopen-exam/reopen-exam.controller';
import { ReopenExamHandler } from './commands/reopen-exam/reopen-exam.command';
import { ReopenRequestsQueryHandler } from './queries/reopen-requests/reopen-requests.query';
import { ReopenRequestsResolver } from './queries/reopen-requests/reopen-requests.resolver';
import { RequestReopenController } from './commands/request-reopen/request-reopen.controller';
import { RequestReopenHandler } from './commands/request-reopen/request-reopen.command';
import { SetInstitutionPolicyController } from './commands/set-institution-policy/set-institution-policy.controller';
import { SetInstitutionPolicyHandler } from './commands/set-institution-policy/set-institution-policy.command';
import { StartExamController } from './commands/start-exam/start-exam.controller';
import { StartExamHandler } from './commands/start-exam/start-exam.command';
import { StartFreeTrialController } from './commands/start-free-trial/start-free-trial.controller';
import { StartFreeTrialHandler } from './commands/start-free-trial/start-free-trial.command';
import { StartSampleController } from './commands/start-sample/start-sample.controller';
import { StartSampleHandler } from './commands/start-sample/start-sample.command';
import { StartSubscriptionController } from './commands/start-subscription/start-subscription.controller';
import { StartSubscriptionHandler } from './commands/start-subscription/start-subscription.command';
import { UploadExamFileController } from './commands/upload-exam-file/upload-exam-file.controller';
import { UploadExamFileHandler } from './commands/upload-exam-file/upload-exam-file.command';
import { VerifyExamChainController } from './audit/verify-exam-chain/verify-exam-chain.controller';
import { ViewSampleFeedbackController } from './commands/view-sample-feedback/view-sample-feedback.controller';
import { ViewSampleFeedbackHandler } from './commands/view-sample-feedback/view-sample-feedback.command';
import { ExamGraphqlModule } from './graphql/graphql.module';
import { HealthController } from './health/health.controller';
import { AuthGuard } from './http/auth';
import { ExamReader } from './queries/exam-reader';

/** REST use cases (commands, downloads, the examination board's audit). */
export const CONTROLLERS = [
  AddVideoLinkController,
  AssessSampleController,
  AssignAssessorController,
  AwardXpController,
  DeclineReopenRequestController,
  DefineProgramController,
  HandInExamController,
  InviteToNextPartController,
  IssueProofOfParticipationController,
  PublishAssessmentController,
  RegisterExamController,
  ReleaseExamController,
  RemoveExamFileController,
  ReopenExamController,
  RequestReopenController,
  SetInstitutionPolicyController,
  StartExamController,
  StartFreeTrialController,
  StartSampleController,
  StartSubscriptionController,
  UploadExamFileController,
  ViewSampleFeedbackController,
  DownloadExamFileController,
  DownloadProofOfParticipationController,
  AuditEventsController,
  AuditExamHistoryController,
  AuditExportController,
  ExamStateAsOfController,
  VerifyExamChainController,
];

/** @nestjs/cqrs handlers: one per command and per query. */
const HANDLERS = [
  AddVideoLinkHandler,
  AssessSampleHandler,
  AssignAssessorHandler,
  AwardXpHandler,
  DeclineReopenRequestHandler,
  DefineProgramHandler,
  HandInExamHandler,
  InviteToNextPartHandler,
  IssueProofOfParticipationHandler,
  PublishAssessmentHandler,
  RegisterExamHandler,
  ReleaseExamHandler,
  RemoveExamFileHandler,
  ReopenExamHandler,
  RequestReopenHandler,
  SetInstitutionPolicyHandler,
  StartExamHandler,
  StartFreeTrialHandler,
  StartSampleHandler,
  StartSubscriptionHandler,
  UploadExamFileHandler,
  ViewSampleFeedbackHandler,
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
  MyAccessResolver,
  MyExamsResolver,
  NotificationsResolver,
  ReopenRequestsResolver,
];

@Module({
  imports: [CqrsModule.forRoot(), ExamGraphqlModule],
  controllers: [HealthController, ...CONTROLLERS],
  providers: [...HANDLERS, ...RESOLVERS, ExamReader, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class ApiModule {}
