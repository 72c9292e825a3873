import {
  Catch,
  Controller,
  ExceptionFilter,
  ArgumentsHost,
  Get,
  Inject,
  Optional,
  ServiceUnavailableException,
  UseFilters,
} from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { FastifyReply } from 'fastify';
import { EventStore } from '@exam/event-store';
import { FOLLOWER_STATUS, FollowerStatus } from '@exam/followers';
import { ReadModelStore } from '@exam/read-models';
import { EVENT_STORE, READ_MODEL_STORE } from '@exam/infrastructure';
import { Public } from '../http/auth';

/**
 * Terminus answers a failed check with 503 and its own body `{status, info, error, details}`, which
 * orchestrators and dashboards read; the contract's `statusCode`/`code`/`message` are added beside it
 * (CONTRACT.md allows added fields) so clients that only know the error shape still find a code.
 */
@Catch(ServiceUnavailableException)
class HealthFailureFilter implements ExceptionFilter {
  catch(error: ServiceUnavailableException, host: ArgumentsHost): void {
    const checks = error.getResponse() as Record<string, unknown>;
    const failing = Object.keys((checks.error as Record<string, unknown>) ?? {}).join(', ');
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(503)
      .send({ statusCode: 503, code: 'NOT_READY', message: `not ready: ${failing}`, ...checks });
  }
}

@ApiTags('health')
@Public()
@Controller('health')
@UseFilters(HealthFailureFilter)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Optional() @Inject(FOLLOWER_STATUS) private readonly worker?: FollowerStatus,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ operationId: 'liveness', summary: 'The process answers' })
  live() {
    return this.health.check([]);
  }

  /** Ready = both stores answer and every follower of the log (jobs, projections) is running. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ operationId: 'readiness', summary: 'The stores answer and every follower of the log runs' })
  @ApiResponse({ status: 200, description: "both stores answer and every follower runs (Terminus' body)" })
  @ApiResponse({ status: 503, description: "NOT_READY: Terminus' body, the failing checks under `error`" })
  ready() {
    return this.health.check([() => this.eventStore(), () => this.readModelStore(), () => this.followers()]);
  }

  private async eventStore() {
    const check = this.indicator.check('eventStore');
    try {
      return check.up({ head: (await this.store.headPosition()) ?? null });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  private async readModelStore() {
    const check = this.indicator.check('readModels');
    try {
      await this.readModels.ping();
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  /** A standby worker (another process leads) has no followers of its own and is still ready. */
  private followers() {
    const check = this.indicator.check('followers');
    const followers = this.worker?.health() ?? [];
    const running = !this.worker?.leading || followers.every((f) => f.running);
    return running ? check.up({ followers }) : check.down({ followers });
  }
}
