import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUrl, Length } from 'class-validator';

export class AddVideoLinkRequest {
  @ApiProperty({ description: 'where the (too large) video is hosted; http or https' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @Length(1, 2000)
  url!: string;

  @ApiProperty() @IsString() @Length(1, 300) title!: string;
}
