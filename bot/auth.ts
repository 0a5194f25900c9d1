/**
 * Bot Framework authentication from the parsed configuration: app id and password,
 * a certificate (PEM file holding the certificate and its private key), or a
 * user-assigned managed identity; and the OpenID endpoint overrides.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { BotCredentials, Config } from '../src/config.js';
import { AssistantError } from '../src/errors.js';

/** Certificate keys as botbuilder reads them. */
interface CertificateKeys {
  CertificateThumbprint: string;
  CertificatePrivateKey: string;
}

/** Read a PEM file holding the app's certificate and private key into botbuilder's keys. */
export function readCertificate(pemPath: string): CertificateKeys {
  let pem: string;
  try {
    pem = readFileSync(pemPath, 'utf8');
  } catch (cause) {
    throw new AssistantError('CONFIG_INVALID', `MicrosoftAppCertificatePath ${JSON.stringify(pemPath)} cannot be read`, { cause });
  }
  try {
    const thumbprint = new X509Certificate(pem).fingerprint.replace(/:/g, '');
    const privateKey = createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
    return { CertificateThumbprint: thumbprint, CertificatePrivateKey: privateKey };
  } catch (cause) {
    throw new AssistantError('CONFIG_INVALID', `MicrosoftAppCertificatePath ${JSON.stringify(pemPath)} must be a PEM file holding the certificate and its private key`, { cause });
  }
}

function credentialKeys(credentials: BotCredentials): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    MicrosoftAppId: credentials.appId,
    // botbuilder spells the managed identity type "UserAssignedMsi" and compares without case.
    MicrosoftAppType: credentials.appType,
    ...(credentials.password ? { MicrosoftAppPassword: credentials.password } : {}),
    ...(credentials.tenantId ? { MicrosoftAppTenantId: credentials.tenantId } : {}),
    ...(credentials.certificatePath && !credentials.password ? readCertificate(credentials.certificatePath) : {}),
  };
}

/**
 * Endpoint keys. Setting any override makes botbuilder take every endpoint from the
 * configuration, so the public-cloud defaults are filled in next to the override.
 */
function endpointKeys(bot: Config['bot']): ConfigurationBotFrameworkAuthenticationOptions {
  if (!bot.openIdMetadataUrl && !bot.tokenIssuer) return {};
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ToBotFromChannelOpenIdMetadataUrl: bot.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: bot.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
  };
}

/**
 * The Bot Framework authentication for the adapter. Without credentials (dev mode)
 * requests are not authenticated; with them, every request must carry a valid token.
 */
export function createBotAuthentication(bot: Config['bot']): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication({
    ...(bot.credentials ? credentialKeys(bot.credentials) : {}),
    ...endpointKeys(bot),
  });
}
