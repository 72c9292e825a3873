/** Where each follower of the event log has got to. Written only after the event was handled. */
export interface CheckpointStore {
  load(name: string): Promise<string | undefined>;
  save(name: string, position: string): Promise<void>;
  reset(name: string): Promise<void>;
  close(): Promise<void>;
}
