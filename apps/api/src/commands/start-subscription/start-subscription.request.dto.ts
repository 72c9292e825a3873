import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

export class StartSubscriptionRequest {
  @ApiProperty({ format: 'date-time', description: 'access is active until this instant' })
  @IsISO8601({ strict: true })
  validUntil!: string;
}
