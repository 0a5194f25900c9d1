/**
 * Where conversation and user state live: memory (one instance, lost on restart)
 * or Azure Blob Storage (several instances), chosen by `STATE_STORAGE`.
 */
import { DefaultAzureCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import { MemoryStorage } from 'botbuilder';
import type { Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { BlobsStorageOptions } from 'botbuilder-azure-blobs';
import type { Config } from '../src/config.js';
import { AssistantError } from '../src/errors.js';
import type { Logger } from './logger.js';
import { StateStorage } from './state-storage.js';

/** Options of {@link createStorage}. */
export interface StorageOptions {
  env: Config['env'];
  logger: Logger;
  /** The Entra credential for Blob Storage by account URL; defaults to `DefaultAzureCredential`. */
  credential?: TokenCredential;
}

/**
 * Blob requests give up after about 5 seconds in all (two tries), so a turn tells
 * the person storage is unreachable well within the request timeout.
 */
export const blobsStorageOptions: BlobsStorageOptions = {
  storagePipelineOptions: { retryOptions: { maxTries: 2, tryTimeoutInMs: 2_000, retryDelayInMs: 200, maxRetryDelayInMs: 500 } },
};

/**
 * Build the state storage the configuration asks for, wrapped in {@link StateStorage}
 * (concurrent state changes merged, outages reported as `STORAGE_UNAVAILABLE`).
 */
export function createStorage(storage: Config['storage'], options: StorageOptions): Storage {
  return new StateStorage(createBaseStorage(storage, options), options.logger);
}

function createBaseStorage(storage: Config['storage'], { env, logger, credential }: StorageOptions): Storage {
  if (storage.kind === 'memory') {
    if (env === 'production') {
      logger.warn('state is kept in memory: run a single instance only, and expect trust choices and dialog positions to be lost on restart (set STATE_STORAGE=blob to share state)');
    }
    return new MemoryStorage();
  }
  if (storage.connectionString) {
    logger.info({ container: storage.container }, 'state is kept in Azure Blob Storage (connection string)');
    return new BlobsStorage(storage.connectionString, storage.container, blobsStorageOptions);
  }
  if (storage.accountUrl) {
    const containerUrl = `${storage.accountUrl.replace(/\/+$/, '')}/${storage.container}`;
    logger.info({ containerUrl }, 'state is kept in Azure Blob Storage (Entra identity)');
    return new BlobsStorage('', storage.container, blobsStorageOptions, containerUrl, credential ?? new DefaultAzureCredential());
  }
  throw new AssistantError('CONFIG_INVALID', 'BLOB_CONNECTION_STRING or BLOB_ACCOUNT_URL is required when STATE_STORAGE is blob');
}
