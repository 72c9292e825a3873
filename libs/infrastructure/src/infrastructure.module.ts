import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { Facts, FoldedStreams, StreamWriter } from '@exam/application';
import { CheckpointStore, EventStore } from '@exam/event-store';
import { LocalDiskFileStore } from '@exam/file-store';
import { PROOF_NAMES, ProofNames, ProofsOfParticipation, ProofStore } from '@exam/proof-of-participation';
import { AppConfig } from './config';
import { ReadModelCheckpoints, ReadSideProgress } from '@exam/projections';
import { ReadModelStore } from '@exam/read-models';
import { openEventStore, openPersonKeys, openReadModelStore } from './stores';
import { CHECKPOINT_STORE, EVENT_STORE, FILE_STORE, PERSON_KEYS, READ_MODEL_STORE, TOKEN_VERIFIER } from './tokens';
import { FileStore } from '@exam/file-store';
import { loadMasterKey, PeopleDirectory, PersonalDataEraser, PersonalDataVault, PersonKeys } from '@exam/personal-data';
import { hs256Verifier, jwksVerifier, platformVerifier, rememberingVerifier, TokenVerifier } from '@exam/auth';

/**
 * Wires the ports to their adapters. The embedded default keeps everything under DATA_DIR:
 * events.sqlite (the log), read-models.sqlite (read models and checkpoints), files/ (uploads), proofs/ (PDFs).
 */
@Global()
@Module({
  providers: [
    { provide: AppConfig, useFactory: () => new AppConfig() },
    { provide: TOKEN_VERIFIER, inject: [AppConfig], useFactory: tokenVerifier },
    {
      provide: EVENT_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Promise<EventStore> => openEventStore(config),
    },
    {
      provide: FILE_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new LocalDiskFileStore(join(config.dataDir, 'files'), config.incomingStaleMs).init(),
    },
    {
      // Job checkpoints live with the projection checkpoints: one place any process can read.
      provide: CHECKPOINT_STORE,
      inject: [READ_MODEL_STORE],
      useFactory: (readModels: ReadModelStore): CheckpointStore => new ReadModelCheckpoints(readModels),
    },
    {
      provide: READ_MODEL_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Promise<ReadModelStore> => openReadModelStore(config),
    },
    {
      provide: ReadSideProgress,
      inject: [EVENT_STORE, READ_MODEL_STORE],
      useFactory: (events: EventStore, readModels: ReadModelStore) => new ReadSideProgress(events, readModels),
    },
    { provide: ProofStore, inject: [AppConfig], useFactory: (config: AppConfig) => new ProofStore(join(config.dataDir, 'proofs')) },
    { provide: PERSON_KEYS, inject: [AppConfig], useFactory: openPersonKeys },
    { provide: PersonalDataVault, inject: [AppConfig, PERSON_KEYS], useFactory: personalDataVault },
    {
      provide: PeopleDirectory,
      inject: [READ_MODEL_STORE, PersonalDataVault],
      useFactory: (readModels: ReadModelStore, vault: PersonalDataVault) => new PeopleDirectory(readModels, vault),
    },
    {
      provide: PersonalDataEraser,
      inject: [PersonalDataVault, FILE_STORE, ProofStore, READ_MODEL_STORE, ReadSideProgress],
      useFactory: (
        vault: PersonalDataVault,
        files: FileStore,
        proofs: ProofStore,
        readModels: ReadModelStore,
        progress: ReadSideProgress,
      ) => new PersonalDataEraser(vault, files, proofs, readModels, progress),
    },
    // The proof names people as every read does: opened from their sealed profiles at the moment of rendering.
    { provide: PROOF_NAMES, useExisting: PeopleDirectory },
    {
      provide: ProofsOfParticipation,
      inject: [EVENT_STORE, READ_MODEL_STORE, Facts, PROOF_NAMES, AppConfig],
      useFactory: (store: EventStore, readModels: ReadModelStore, facts: Facts, names: ProofNames, config: AppConfig) =>
        new ProofsOfParticipation(store, readModels, facts, names, config.publicBaseUrl),
    },
    // One cache of folded streams for the writer and the facts its commands look up.
    { provide: FoldedStreams, inject: [EVENT_STORE], useFactory: (store: EventStore) => new FoldedStreams(store) },
    {
      provide: StreamWriter,
      inject: [EVENT_STORE, FoldedStreams],
      useFactory: (store: EventStore, folded: FoldedStreams) => new StreamWriter(store, folded),
    },
    {
      provide: Facts,
      inject: [EVENT_STORE, FoldedStreams],
      useFactory: (store: EventStore, folded: FoldedStreams) => new Facts(store, folded),
    },
  ],
  exports: [
    AppConfig,
    TOKEN_VERIFIER,
    EVENT_STORE,
    FILE_STORE,
    CHECKPOINT_STORE,
    READ_MODEL_STORE,
    ReadSideProgress,
    ProofStore,
    PROOF_NAMES,
    ProofsOfParticipation,
    StreamWriter,
    Facts,
    PersonalDataVault,
    PeopleDirectory,
    PersonalDataEraser,
  ],
})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(PERSON_KEYS) private readonly personKeys: PersonKeys,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.checkpoints.close();
    await this.readModels.close();
    await this.personKeys.close();
    new Logger('Infrastructure').log('stores closed');
  }
}

/** HS256 with the local secret (our own claim names), and the platform's provider (its claim names) when AUTH_JWKS_URL is set; a verified token is trusted again for at most a minute (never past its exp). */
function tokenVerifier(config: AppConfig): TokenVerifier {
  const claims = { role: config.roleClaim, institution: config.institutionClaim };
  return rememberingVerifier(platformVerifier(hs256Verifier(config.jwtSecret), config.oidc && jwksVerifier({ ...config.oidc, claims })));
}

/** CONTRACT.md "People and personal data": the embedded default makes its master key on first start, and says so. */
function personalDataVault(config: AppConfig, keys: PersonKeys): PersonalDataVault {
  const master = loadMasterKey(config.masterKey);
  if (master.generated) {
    new Logger('PersonalData').warn(
      `generated the master key for personal data at ${master.origin}: back it up with DATA_DIR (lose it and every name is unreadable)`,
    );
  }
  return new PersonalDataVault(keys, master.key);
}
