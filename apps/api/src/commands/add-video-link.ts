import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUrl, Length } from 'class-validator';
import { examSlice } from './slice/command-slice';

export class AddVideoLinkRequest {
  @ApiProperty({ description: 'where the (too large) video is hosted; http or https' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @Length(1, 2000)
  url!: string;

  @ApiProperty() @IsString() @Length(1, 300) title!: string;
}

/** DOMAIN.md step 7: a video over 100 MB is handed in as a link to where it is hosted. */
export const addVideoLink = examSlice('AddVideoLink', AddVideoLinkRequest, {
  gather: async (exam, { body: { url, title }, envelope: { now } }, { facts }) => ({
    type: 'AddVideoLink',
    now,
    url,
    title,
    accessActive: await facts.hasActiveAccess(exam.learnerId, now),
  }),
  route: 'POST exams/:id/video-links → 200',
  api: ['files', 'add', 'ExamVideoLinkAdded'],
  summary: 'Add a link to a hosted video (for videos over 100 MB)',
});
