import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EventStore } from '@exam/event-store';
import { WorkerRuntime } from '../../../worker/src/worker.module';
import { ApiError } from '../http/api-error';
import { Public } from '../http/auth';
import { EVENT_STORE } from '../infrastructure/tokens';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly worker?: WorkerRuntime,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready = the event store answers and every follower of the log (jobs, projections) is running. */
  @Get('ready')
  async ready() {
    const checks: Record<string, unknown> = {};
    try {
      checks.eventStore = { ok: true, head: (await this.store.headPosition()) ?? null };
    } catch (error) {
      checks.eventStore = { ok: false, error: (error as Error).message };
    }
    const followers = this.worker?.health() ?? [];
    checks.followers = followers;
    // A standby worker (another process leads) has no followers of its own and is still ready.
    const ok = (checks.eventStore as { ok: boolean }).ok && (!this.worker?.leading || followers.every((f) => f.running));
    if (!ok) throw new ApiError(503, 'NOT_READY', JSON.stringify(checks));
    return { status: 'ready', checks };
  }
}
