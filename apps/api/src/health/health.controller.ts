import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { EventStore } from '@exam/event-store';
import { FOLLOWER_STATUS, FollowerStatus } from '@exam/followers';
import { ApiError } from '../http/api-error';
import { Public } from '../http/auth';
import { ReadModelStore } from '@exam/read-models';
import { EVENT_STORE, READ_MODEL_STORE } from '@exam/infrastructure';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Optional() @Inject(FOLLOWER_STATUS) private readonly worker?: FollowerStatus,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready = both stores answer and every follower of the log (jobs, projections) is running. */
  @Get('ready')
  @ApiResponse({ status: 200, description: 'both stores answer and every follower runs' })
  @ApiResponse({ status: 503, description: 'NOT_READY, with the checks' })
  async ready() {
    const checks: Record<string, unknown> = {};
    try {
      checks.eventStore = { ok: true, head: (await this.store.headPosition()) ?? null };
    } catch (error) {
      checks.eventStore = { ok: false, error: (error as Error).message };
    }
    try {
      await this.readModels.ping();
      checks.readModels = { ok: true };
    } catch (error) {
      checks.readModels = { ok: false, error: (error as Error).message };
    }
    const followers = this.worker?.health() ?? [];
    checks.followers = followers;
    // A standby worker (another process leads) has no followers of its own and is still ready.
    const storesOk = [checks.eventStore, checks.readModels].every((c) => (c as { ok: boolean }).ok);
    const ok = storesOk && (!this.worker?.leading || followers.every((f) => f.running));
    if (!ok) throw new ApiError(503, 'NOT_READY', JSON.stringify(checks));
    return { status: 'ready', checks };
  }
}
