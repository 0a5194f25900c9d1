import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isAssistantError } from '../../src/errors.js';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (isAssistantError(error, 'CONFIG_INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('loadConfig', () => {
  it('defaults to dev mode on loopback port 3978 with memory state when no credentials are set', () => {
    const config = loadConfig({});
    expect(config.devMode).toBe(true);
    expect(config.server).toMatchObject({ port: 3978, host: '127.0.0.1' });
    expect(config.storage).toEqual({ kind: 'memory' });
    expect(config.log.messageText).toBe(false);
    expect(config.knowledge.maxLoadedTrusts).toBe(100);
  });

  it('reads how many trusts to hold in memory at once', () => {
    expect(loadConfig({ MAX_LOADED_TRUSTS: '20' }).knowledge.maxLoadedTrusts).toBe(20);
    expect(configError({ MAX_LOADED_TRUSTS: '0' })).toMatch(/MAX_LOADED_TRUSTS/);
  });

  it('names the variable and its value when a value is bad', () => {
    expect(configError({ PORT: 'eighty' })).toMatch(/PORT.*"eighty"/);
    expect(configError({ LOG_MESSAGE_TEXT: 'maybe' })).toMatch(/LOG_MESSAGE_TEXT/);
  });

  it('refuses production without credentials, naming MicrosoftAppId', () => {
    expect(configError({ NODE_ENV: 'production' })).toMatch(/MicrosoftAppId/);
  });

  it('requires a password or certificate and a tenant for single-tenant credentials', () => {
    expect(configError({ MicrosoftAppId: 'id', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 't' })).toMatch(/MicrosoftAppPassword/);
    expect(configError({ MicrosoftAppId: 'id', MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'p' })).toMatch(/MicrosoftAppTenantId/);
  });

  it('runs in production mode on all interfaces when credentials are set', () => {
    const config = loadConfig({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'secret' });
    expect(config.devMode).toBe(false);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.bot.credentials).toMatchObject({ appId: 'id', appType: 'MultiTenant' });
  });

  it('never echoes a secret in its error', () => {
    expect(configError({ BLOB_CONNECTION_STRING: 'x', STATE_STORAGE: 'disk' })).not.toContain('"x"');
  });

  it('requires a connection string or account URL for blob state', () => {
    expect(configError({ STATE_STORAGE: 'blob' })).toMatch(/BLOB_CONNECTION_STRING/);
  });
});
