import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { toErrorBody } from './error-mapping';

@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(error);
    void host.switchToHttp().getResponse<FastifyReply>().status(body.statusCode).send(body);
  }
}
