import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IssuerKey } from '@exam/proof-of-participation';
import { Public } from '../../http/auth';

@ApiTags('proof of participation')
@Public()
@Controller()
export class IssuerKeysController {
  constructor(private readonly key: IssuerKey) {}

  /** Served outside /api (app.ts): where JWT verifiers look for an issuer's keys. */
  @Get('.well-known/jwks.json')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: "The platform's public key that signs credentials (JWKS), no token" })
  @ApiResponse({ status: 200, description: '{ keys: [ Ed25519 public JWK ] }' })
  jwks() {
    return this.key.jwks();
  }
}
