import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { toErrorBody } from './error-mapping';

@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error; // GraphQL reports resolver errors in its own response
    const body = toErrorBody(error);
    void host.switchToHttp().getResponse<FastifyReply>().status(body.statusCode).send(body);
  }
}
