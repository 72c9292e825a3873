import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { learnerSlice } from './slice/command-slice';

export class StartSubscriptionRequest {
  @ApiProperty({ format: 'date-time', description: 'access is active until this instant' })
  @IsISO8601({ strict: true })
  validUntil!: string;
}

export const startSubscription = learnerSlice('StartSubscription', StartSubscriptionRequest, {
  toCommand: (learnerId, { body, envelope: { now } }) => ({
    type: 'StartSubscription',
    learnerId,
    now,
    validUntil: new Date(body.validUntil).toISOString(),
  }),
  route: 'POST learners/:id/subscriptions → 200',
  api: ['learner access', 'start', 'SubscriptionStarted'],
  summary: 'Record a paid subscription period',
});
