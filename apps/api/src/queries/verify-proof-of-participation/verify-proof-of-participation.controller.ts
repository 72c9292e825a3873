import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProofsOfParticipation, ProofVerification } from '@exam/proof-of-participation';
import { FastifyReply } from 'fastify';
import { ApiError } from '../../http/api-error';
import { Public } from '../../http/auth';
import { unknownProofPage, verificationPage } from './verification-page';

/**
 * CONTRACT.md, "Proof of participation that anyone can verify": no token; an unknown or malformed
 * code is 404. Both routes are declared with their full paths and kept out of the /api prefix (app.ts).
 */
@ApiTags('proof of participation')
@Public()
@Controller()
export class VerifyProofOfParticipationController {
  constructor(private readonly issued: ProofsOfParticipation) {}

  @Get('api/verify/:code')
  @ApiOperation({
    summary: 'Verify a proof of participation by its code (no token)',
    description:
      'Answers { valid, learnerName, programTitle, institutionName, issuedAt, grade, examId, attempt, assessmentEventHash, chainValid }: ' +
      'the proof is read from the exam stream and its hash chain recomputed. Names are null where none is recorded (or erased).',
  })
  @ApiResponse({ status: 200, description: 'the proof and whether it verifies' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no proof has this code' })
  async verify(@Param('code') code: string): Promise<ProofVerification> {
    const proof = await this.issued.verify(code);
    if (!proof) throw new ApiError(404, 'NOT_FOUND', 'no proof of participation has this verification code');
    return proof;
  }

  @Get('verify/:code')
  @ApiOperation({
    operationId: 'viewVerificationPage',
    summary: 'The verification of a proof of participation as a page for people (no token)',
  })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'an HTML page' })
  @ApiResponse({
    status: 404,
    description: 'an HTML page saying no proof has this code',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async page(@Param('code') code: string, @Res() reply: FastifyReply) {
    const proof = await this.issued.verify(code);
    return reply
      .status(proof ? 200 : 404)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(proof ? verificationPage(proof) : unknownProofPage());
  }
}
