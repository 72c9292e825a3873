import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from './error-mapping';
import { noteServerError } from './request-log';

/** Answers with CONTRACT.md's error body; a 5xx's cause goes to the request's log line. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const body = toErrorBody(error);
  if (body.statusCode >= 500) noteServerError(request, error);
  return reply.status(body.statusCode).send(body);
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error; // GraphQL reports resolver errors in its own response
    const http = host.switchToHttp();
    void sendError(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), error);
  }
}
