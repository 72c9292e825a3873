import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class ReleaseExamRequest {
  @ApiPropertyOptional({ description: 'skip the sample and XP requirements, where the institution allows it' })
  @IsOptional()
  @IsBoolean()
  early?: boolean;
}
