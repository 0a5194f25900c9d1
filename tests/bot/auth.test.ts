import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBotAuthentication, readCertificate } from '../../bot/auth.js';
import { loadConfig, projectRoot } from '../../src/config.js';
import { isAssistantError } from '../../src/errors.js';

/** A self-signed test certificate and its key in one PEM file (SHA-1 thumbprint below). */
const certificatePath = path.join(projectRoot, 'tests', 'bot', 'fixtures', 'test-bot-certificate.pem');
const THUMBPRINT = '0F7BAFC413F87A75F8C116862CC77E6C6D519055';

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isAssistantError(error, 'CONFIG_INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('Bot Framework credentials', () => {
  it('reads a PEM certificate file into the thumbprint and private key botbuilder needs', () => {
    const keys = readCertificate(certificatePath);
    expect(keys.CertificateThumbprint).toBe(THUMBPRINT);
    expect(keys.CertificatePrivateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('names MicrosoftAppCertificatePath when the file is missing or is not a certificate with its key', () => {
    expect(configError(() => readCertificate('/nonexistent/bot.pem'))).toMatch(/MicrosoftAppCertificatePath "\/nonexistent\/bot.pem" cannot be read/);
    expect(configError(() => readCertificate(path.join(projectRoot, 'package.json')))).toMatch(/must be a PEM file holding the certificate and its private key/);
  });

  it.each([
    ['a multi-tenant app with a secret', { MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' }],
    ['a single-tenant app with a certificate', { MicrosoftAppId: 'app', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'tenant', MicrosoftAppCertificatePath: certificatePath }],
    ['a user-assigned managed identity', { MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'tenant' }],
    ['overridden token endpoints', { MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', BotOpenIdMetadataUrl: 'https://login.example/openid', BotTokenIssuer: 'https://issuer.example' }],
    ['no credentials (dev mode)', {}],
  ])('builds the authentication for %s', (_name, env) => {
    expect(() => createBotAuthentication(loadConfig(env).bot)).not.toThrow();
  });
});
