import { CommandType } from '@exam/domain';
import { addVideoLink } from './add-video-link';
import { assessSample } from './assess-sample';
import { assignAssessor } from './assign-assessor';
import { awardXp } from './award-xp';
import { declineReopenRequest } from './decline-reopen-request';
import { defineProgram } from './define-program';
import { erasePersonalData } from './erase-personal-data';
import { handInExam } from './hand-in-exam';
import { inviteToNextPart } from './invite-to-next-part';
import { issueProofOfParticipation } from './issue-proof-of-participation';
import { publishAssessment } from './publish-assessment';
import { registerExam } from './register-exam';
import { releaseExam } from './release-exam';
import { removeExamFile } from './remove-exam-file';
import { reopenExam } from './reopen-exam';
import { requestReopen } from './request-reopen';
import { setInstitutionPolicy } from './set-institution-policy';
import { setPersonProfile } from './set-person-profile';
import { CommandSlice } from './slice/command-slice';
import { RunCommandHandler } from './slice/run-command';
import { controllerFor } from './slice/slice-controller';
import { startExam } from './start-exam';
import { startFreeTrial } from './start-free-trial';
import { startSample } from './start-sample';
import { startSubscription } from './start-subscription';
import { uploadExamFile } from './upload-exam-file';
import { viewSampleFeedback } from './view-sample-feedback';

/**
 * Every REST command, keyed by the domain's command type (CONTRACT.md "Commands"): a command
 * without its slice, or a slice for a command the domain does not know, does not compile.
 */
export const COMMAND_SLICES: Readonly<Record<CommandType, CommandSlice>> = {
  SetInstitutionPolicy: setInstitutionPolicy,
  DefineProgram: defineProgram,
  RegisterExam: registerExam,
  AwardXp: awardXp,
  AssignAssessor: assignAssessor,
  StartSample: startSample,
  AssessSample: assessSample,
  ViewSampleFeedback: viewSampleFeedback,
  ReleaseExam: releaseExam,
  StartExam: startExam,
  UploadExamFile: uploadExamFile,
  RemoveExamFile: removeExamFile,
  AddVideoLink: addVideoLink,
  HandInExam: handInExam,
  InviteToNextPart: inviteToNextPart,
  PublishAssessment: publishAssessment,
  RequestReopen: requestReopen,
  ReopenExam: reopenExam,
  DeclineReopenRequest: declineReopenRequest,
  IssueProofOfParticipation: issueProofOfParticipation,
  StartSubscription: startSubscription,
  StartFreeTrial: startFreeTrial,
  SetPersonProfile: setPersonProfile,
  ErasePersonalData: erasePersonalData,
};

/** One controller per command route, built from its slice (or the slice's own, for uploads). */
export const COMMAND_CONTROLLERS = Object.values(COMMAND_SLICES).map((slice) => slice.controller ?? controllerFor(slice));

/** The one @nestjs/cqrs handler every command route sends to. */
export const COMMAND_HANDLERS = [RunCommandHandler];
