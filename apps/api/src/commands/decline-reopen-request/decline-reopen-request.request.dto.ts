import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class DeclineReopenRequestRequest {
  @ApiProperty() @IsString() @Length(1, 20000) note!: string;
}
