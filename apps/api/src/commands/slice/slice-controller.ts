import { Body, Controller, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEnvelope } from '@exam/application';
import { CommandRoute } from '../../http/command-route';
import { Envelope } from '../../http/envelope';
import { CommandSlice } from './command-slice';
import { RunCommand } from './run-command';

/** The path parameters of a route, in order (`exams/:id/files/:fileId` → id, fileId). */
function pathParams(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
}

/**
 * The Nest controller of a slice, built from its route: one method that takes the envelope, the path
 * parameters and the validated body, and sends them over the CommandBus. Named
 * `<Command>Controller` with the route's operation as method, so the OpenAPI operationIds stay stable.
 */
export function controllerFor(slice: CommandSlice): new (...args: never[]) => object {
  const names = pathParams(slice.route.path);
  class SliceController {
    constructor(readonly commands: CommandBus) {}
  }
  Object.defineProperty(SliceController, 'name', { value: `${slice.command}Controller` });
  Inject(CommandBus)(SliceController, undefined, 0);

  const method = slice.route.operation;
  const prototype = SliceController.prototype;
  const handler = function (this: SliceController, envelope: CommandEnvelope, ...args: unknown[]) {
    const params = Object.fromEntries(names.map((name, i) => [name, String(args[i])]));
    const body = slice.body ? args[names.length] : undefined;
    return this.commands.execute(new RunCommand(slice, { params, body, envelope }));
  };
  Object.defineProperty(handler, 'name', { value: method });
  Object.defineProperty(prototype, method, { value: handler, writable: true, configurable: true });

  // What `emitDecoratorMetadata` would have written for a hand-written method: the validation pipe
  // and the API docs read the body's DTO class from it.
  const types: unknown[] = [Object, ...names.map(() => String), ...(slice.body ? [slice.body] : [])];
  Reflect.defineMetadata('design:paramtypes', types, prototype, method);
  // Last parameter first, as TypeScript applies parameter decorators (the API docs list them in that order).
  if (slice.body) Body()(prototype, method, names.length + 1);
  [...names].reverse().forEach((name, i) => Param(name)(prototype, method, names.length - i));
  Envelope()(prototype, method, 0);

  const descriptor = Object.getOwnPropertyDescriptor(prototype, method)!;
  CommandRoute(slice.command, slice.route)(prototype, method, descriptor);
  Object.defineProperty(prototype, method, descriptor);
  ApiTags(slice.route.tag)(SliceController);
  Controller()(SliceController);
  return SliceController;
}
