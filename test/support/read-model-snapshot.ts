import { EventStore } from '../../libs/event-store/src';
import { allProjectors, project, rebuildProjections } from '../../libs/projections/src';
import { ReadModelStore } from '../../libs/read-models/src';

/** Every document of every projection, by collection: what "identical read models" compares. */
export async function snapshot(store: ReadModelStore): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const projector of allProjectors()) {
    for (const name of projector.collections) result[name] = await store.collection(name).find({});
  }
  return result;
}

/** Builds every projection from the whole log into `target`, as `npm run projections:rebuild -- all` does. */
export async function rebuildAll(events: EventStore, target: ReadModelStore): Promise<void> {
  await rebuildProjections(events, target, allProjectors());
}

/** Applies every event `times` times in a row (at-least-once delivery at its worst). */
export async function applyEvery(events: EventStore, target: ReadModelStore, times: number): Promise<void> {
  const projectors = allProjectors();
  for (const projector of projectors) await projector.setUp(target);
  for (const event of await events.readAll()) {
    for (let i = 0; i < times; i++) for (const projector of projectors) await project(projector, event, target);
  }
}
