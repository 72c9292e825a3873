import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@exam/domain';
import { NOTIFICATIONS, NotificationDocument } from '@exam/projections';
import { ReadModelStore } from '@exam/read-models';
import { READ_MODEL_STORE } from '@exam/infrastructure';

export class NotificationsQuery extends Query<NotificationDocument[]> {
  constructor(
    readonly actor: Actor,
    readonly unreadOnly: boolean,
  ) {
    super();
  }
}

/** The caller's own notifications, newest first. */
@QueryHandler(NotificationsQuery)
export class NotificationsQueryHandler implements IQueryHandler<NotificationsQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute({ actor, unreadOnly }: NotificationsQuery): Promise<NotificationDocument[]> {
    return this.readModels
      .collection<NotificationDocument>(NOTIFICATIONS)
      .find({ recipientId: actor.id, ...(unreadOnly ? { read: false } : {}) }, { sort: { field: 'createdAt', direction: -1 }, limit: 500 });
  }
}
