/** Injection tokens for ports (interfaces have no runtime identity). */
export const EVENT_STORE = Symbol('EventStore');
export const FILE_STORE = Symbol('FileStore');
export const CHECKPOINT_STORE = 'CheckpointStore';
export const READ_MODEL_STORE = Symbol('ReadModelStore');
export const TOKEN_VERIFIER = Symbol('TokenVerifier');
export const PERSON_KEYS = Symbol('PersonKeys');
