import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { GradingScale } from '@exam/domain';

export class SetInstitutionPolicyRequest {
  @ApiProperty({ enum: ['numeric', 'rating'] })
  @IsIn(['numeric', 'rating'])
  gradingScale!: GradingScale;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 5.5, description: 'numeric scale only' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(10)
  passMark?: number;

  @ApiProperty() @IsBoolean() resitsAllowed!: boolean;
  @ApiProperty() @IsBoolean() earlyReleaseAllowed!: boolean;
}
