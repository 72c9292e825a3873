import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BINARY } from '../../http/api-docs';
import { Facts } from '@exam/application';
import { Actor } from '@exam/domain';
import { PersonalDataVault } from '@exam/personal-data';
import { ProofStore } from '@exam/proof-of-participation';
import { FastifyReply } from 'fastify';
import { ApiError } from '../../http/api-error';
import { CurrentActor, Roles } from '../../http/auth';
import { examWithIssuedProof } from '../issued-proof';

@ApiTags('proof of participation')
@Controller()
export class DownloadProofOfParticipationController {
  constructor(
    private readonly facts: Facts,
    private readonly proofs: ProofStore,
    private readonly vault: PersonalDataVault,
  ) {}

  @Get('exams/:id/proof-of-participation')
  @Roles('learner', 'coach', 'exam_board')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Download the proof of participation (PDF)' })
  @ApiResponse({ status: 200, description: 'the rendered PDF', content: { 'application/pdf': BINARY } })
  @ApiResponse({ status: 404, description: 'NOT_FOUND until generated' })
  @ApiResponse({ status: 409, description: 'NOT_PASSED' })
  @ApiResponse({ status: 410, description: "ERASED: the learner's personal data, the rendered proof with it, was erased" })
  async download(@Param('id') examId: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const exam = await examWithIssuedProof(this.facts, actor, examId);
    if (await this.vault.isErased(exam.learnerId))
      throw new ApiError(410, 'ERASED', "the learner's personal data was erased, with the rendered proof");
    if (!(await this.proofs.exists(exam.examId, exam.attempt))) {
      throw new ApiError(404, 'NOT_FOUND', 'the proof of participation is not generated yet');
    }
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="proof-of-participation-${encodeURIComponent(examId)}.pdf"`)
      .send(this.proofs.open(exam.examId, exam.attempt));
  }
}
