import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';

export class InviteToNextPartRequest {
  @ApiProperty() @IsString() @Length(1, 300) partTitle!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 20000) note?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) scheduledAt?: string;
}
