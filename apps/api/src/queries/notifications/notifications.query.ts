import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@exam/domain';
import { NOTIFICATIONS, NotificationDocument, withNames } from '@exam/projections';
import { PeopleDirectory } from '@exam/personal-data';
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
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly people: PeopleDirectory,
  ) {}

  async execute({ actor, unreadOnly }: NotificationsQuery): Promise<NotificationDocument[]> {
    const documents = await this.readModels
      .collection<NotificationDocument>(NOTIFICATIONS)
      .find({ recipientId: actor.id, ...(unreadOnly ? { read: false } : {}) }, { sort: { field: 'createdAt', direction: -1 }, limit: 500 });
    const ids = documents.flatMap((doc) => (doc.people ? [doc.people.learner, doc.people.coach] : []));
    const names = new Map((await this.people.people(ids)).map((person) => [person.id, person.displayName]));
    return documents.map((doc) => ({ ...doc, message: withNames(doc, (id) => names.get(id) ?? null) }));
  }
}
