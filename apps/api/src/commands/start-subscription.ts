import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { learnerSlice } from './slice/command-slice';

export class StartSubscriptionRequest {
  @ApiProperty({ format: 'date-time', description: 'access is active until this instant' })
  @IsISO8601({ strict: true })
  validUntil!: string;
}

export const startSubscription = learnerSlice({
  command: 'StartSubscription',
  route: {
    method: 'POST',
    path: 'learners/:id/subscriptions',
    status: 200,
    tag: 'learner access',
    operation: 'start',
    event: 'SubscriptionStarted',
    summary: 'Record a paid subscription period',
  },
  body: StartSubscriptionRequest,
  toCommand: (learnerId, { body, envelope: { now } }) => ({
    type: 'StartSubscription',
    learnerId,
    now,
    validUntil: new Date(body.validUntil).toISOString(),
  }),
});
