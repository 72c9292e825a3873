import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Facts } from '@exam/application';
import { Actor } from '@exam/domain';
import { AppConfig } from '@exam/infrastructure';
import { CREDENTIAL_MEDIA_TYPE, IssuerKey, openBadgeCredential, ProofsOfParticipation, signCredential } from '@exam/proof-of-participation';
import { FastifyReply } from 'fastify';
import { ApiError } from '../../http/api-error';
import { CurrentActor, Roles } from '../../http/auth';
import { examWithIssuedProof } from '../issued-proof';

@ApiTags('proof of participation')
@Controller()
export class ProofOfParticipationCredentialController {
  constructor(
    private readonly facts: Facts,
    private readonly issued: ProofsOfParticipation,
    private readonly key: IssuerKey,
    private readonly config: AppConfig,
  ) {}

  @Get('exams/:id/proof-of-participation/credential')
  @Roles('learner', 'coach', 'exam_board')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The proof of participation as an Open Badges 3.0 credential',
    description:
      'A W3C Verifiable Credential (OpenBadgeCredential) signed as a JWT (EdDSA, Ed25519) with the platform key published at ' +
      '/.well-known/jwks.json. Same scope as the PDF download.',
  })
  @ApiProduces(CREDENTIAL_MEDIA_TYPE)
  @ApiResponse({ status: 200, description: 'the signed credential (compact JWS)' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND (also out of scope) until a proof was issued' })
  @ApiResponse({ status: 409, description: 'NOT_PASSED' })
  async credential(@Param('id') examId: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const exam = await examWithIssuedProof(this.facts, actor, examId);
    const proof = await this.issued.ofAttempt(exam.examId, exam.attempt);
    if (!proof) throw new ApiError(404, 'NOT_FOUND', 'no proof of participation was issued yet');
    const jwt = await signCredential(openBadgeCredential(proof, this.config.publicBaseUrl), this.key, new Date());
    return reply
      .header('content-type', CREDENTIAL_MEDIA_TYPE)
      .header('content-disposition', `attachment; filename="proof-of-participation-${encodeURIComponent(examId)}.jwt"`)
      .send(jwt);
  }
}
