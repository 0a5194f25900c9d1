/**
 * The product's configuration, parsed once from the environment. This module is
 * the only reader of `process.env`; everything else receives a {@link Config}.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AssistantError } from './errors.js';

/** The project root (the folder holding `knowledge/`), independent of the working directory. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();

/**
 * The process environment, for entry points that hand it to {@link loadConfig} or pass it on
 * to a child process. This module is the only place that touches `process.env`.
 */
export function processEnvironment(): Record<string, string | undefined> {
  return { ...process.env };
}

/** The environment variables the product reads, with their defaults. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3978),
  HOST: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Operator opt-in to write message text to logs. Off by default: staff type pupil details. */
  LOG_MESSAGE_TEXT: flag.default(false),
  KNOWLEDGE_DIR: z.string().min(1).default(path.join(projectRoot, 'knowledge')),
  INDEX_PATH: z.string().min(1).default(path.join(projectRoot, 'build', 'index.json')),
  /** Use sentence embeddings alongside the lexical ranking. */
  SEMANTIC_SEARCH: flag.default(true),
  /** Most trusts held in memory at once; the one asked about least recently is let go first, and read again when next asked about. */
  MAX_LOADED_TRUSTS: positiveInt.default(100),
  /** Pretend today is this date (YYYY-MM-DD); for demonstrations and tests of review warnings. */
  TODAY: z.iso.date().optional(),

  MicrosoftAppId: z.string().min(1).optional(),
  MicrosoftAppPassword: z.string().min(1).optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: z.string().min(1).optional(),
  MicrosoftAppCertificatePath: z.string().min(1).optional(),
  /** Override of the Bot Framework's OpenID metadata URL (tests and sovereign clouds). */
  BotOpenIdMetadataUrl: z.url().optional(),
  BotTokenIssuer: z.string().min(1).optional(),

  STATE_STORAGE: z.enum(['memory', 'blob']).default('memory'),
  BLOB_CONNECTION_STRING: z.string().min(1).optional(),
  BLOB_ACCOUNT_URL: z.url().optional(),
  BLOB_CONTAINER: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/, 'a valid Blob container name').default('send-policy-state'),

  MAX_BODY_BYTES: positiveInt.default(256 * 1024),
  MAX_MESSAGE_CHARS: positiveInt.default(1_000),
  RATE_LIMIT_USER_PER_MINUTE: positiveInt.default(30),
  RATE_LIMIT_TENANT_PER_MINUTE: positiveInt.default(600),
  REQUEST_TIMEOUT_MS: positiveInt.default(15_000),

  APP_ID: z.uuid().optional(),
  APP_DOMAIN: z.string().min(1).optional(),
  PRIVACY_URL: z.url().optional(),
  TERMS_URL: z.url().optional(),
});

/** Raw parsed environment, before it is grouped. */
export type Env = z.infer<typeof envSchema>;

/** Bot Framework credentials, when the bot is registered with Azure Bot Service. */
export interface BotCredentials {
  appId: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  password?: string;
  tenantId?: string;
  certificatePath?: string;
}

/** The product's configuration. */
export interface Config {
  env: Env['NODE_ENV'];
  /** True when the server runs without credentials, for local use only. */
  devMode: boolean;
  server: { port: number; host: string; maxBodyBytes: number; requestTimeoutMs: number };
  log: { level: Env['LOG_LEVEL']; messageText: boolean };
  knowledge: { dir: string; indexPath: string; semantic: boolean; maxLoadedTrusts: number; today?: string };
  bot: {
    credentials?: BotCredentials;
    openIdMetadataUrl?: string;
    tokenIssuer?: string;
  };
  storage:
    | { kind: 'memory' }
    | { kind: 'blob'; container: string; connectionString?: string; accountUrl?: string };
  limits: { maxMessageChars: number; userPerMinute: number; tenantPerMinute: number };
  app: { appId?: string; domain?: string; privacyUrl?: string; termsUrl?: string };
}

/**
 * Parse the environment into a {@link Config}. Throws `CONFIG_INVALID` naming the
 * variable when a value is bad or a required companion variable is missing.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => {
      const variable = String(i.path[0]);
      return `${variable} ${describe(i.message, secret.test(variable) ? undefined : present[variable])}`;
    });
    throw new AssistantError('CONFIG_INVALID', issues.join('; '));
  }
  const e = parsed.data;
  const fail = (variable: string, why: string): never => {
    throw new AssistantError('CONFIG_INVALID', `${variable} ${why}`);
  };

  let credentials: BotCredentials | undefined;
  if (e.MicrosoftAppId) {
    const appType = e.MicrosoftAppType ?? 'MultiTenant';
    if (appType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword && !e.MicrosoftAppCertificatePath) {
      fail('MicrosoftAppPassword', `is required with MicrosoftAppId (or set MicrosoftAppCertificatePath) for MicrosoftAppType ${appType}`);
    }
    if (appType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
      fail('MicrosoftAppTenantId', `is required for MicrosoftAppType ${appType}`);
    }
    credentials = {
      appId: e.MicrosoftAppId,
      appType,
      ...(e.MicrosoftAppPassword ? { password: e.MicrosoftAppPassword } : {}),
      ...(e.MicrosoftAppTenantId ? { tenantId: e.MicrosoftAppTenantId } : {}),
      ...(e.MicrosoftAppCertificatePath ? { certificatePath: e.MicrosoftAppCertificatePath } : {}),
    };
  } else {
    for (const v of ['MicrosoftAppPassword', 'MicrosoftAppTenantId', 'MicrosoftAppCertificatePath'] as const) {
      if (e[v]) fail('MicrosoftAppId', `is missing but ${v} is set`);
    }
    if (e.NODE_ENV === 'production') {
      fail('MicrosoftAppId', 'is required when NODE_ENV is production (with MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId as the registration needs)');
    }
  }
  const devMode = credentials === undefined;

  let storage: Config['storage'] = { kind: 'memory' };
  if (e.STATE_STORAGE === 'blob') {
    if (!e.BLOB_CONNECTION_STRING && !e.BLOB_ACCOUNT_URL) {
      fail('BLOB_CONNECTION_STRING', 'or BLOB_ACCOUNT_URL is required when STATE_STORAGE is blob');
    }
    storage = {
      kind: 'blob',
      container: e.BLOB_CONTAINER,
      ...(e.BLOB_CONNECTION_STRING ? { connectionString: e.BLOB_CONNECTION_STRING } : {}),
      ...(e.BLOB_ACCOUNT_URL ? { accountUrl: e.BLOB_ACCOUNT_URL } : {}),
    };
  }

  return {
    env: e.NODE_ENV,
    devMode,
    server: {
      port: e.PORT,
      // Without credentials nothing authenticates callers, so listen on loopback only.
      host: devMode ? '127.0.0.1' : (e.HOST ?? '0.0.0.0'),
      maxBodyBytes: e.MAX_BODY_BYTES,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    },
    log: { level: e.LOG_LEVEL, messageText: e.LOG_MESSAGE_TEXT },
    knowledge: {
      dir: path.resolve(e.KNOWLEDGE_DIR),
      indexPath: path.resolve(e.INDEX_PATH),
      semantic: e.SEMANTIC_SEARCH,
      maxLoadedTrusts: e.MAX_LOADED_TRUSTS,
      ...(e.TODAY ? { today: e.TODAY } : {}),
    },
    bot: {
      ...(credentials ? { credentials } : {}),
      ...(e.BotOpenIdMetadataUrl ? { openIdMetadataUrl: e.BotOpenIdMetadataUrl } : {}),
      ...(e.BotTokenIssuer ? { tokenIssuer: e.BotTokenIssuer } : {}),
    },
    storage,
    limits: {
      maxMessageChars: e.MAX_MESSAGE_CHARS,
      userPerMinute: e.RATE_LIMIT_USER_PER_MINUTE,
      tenantPerMinute: e.RATE_LIMIT_TENANT_PER_MINUTE,
    },
    app: {
      ...(e.APP_ID ? { appId: e.APP_ID } : {}),
      ...(e.APP_DOMAIN ? { domain: e.APP_DOMAIN } : {}),
      ...(e.PRIVACY_URL ? { privacyUrl: e.PRIVACY_URL } : {}),
      ...(e.TERMS_URL ? { termsUrl: e.TERMS_URL } : {}),
    },
  };
}

const secret = /password|connection_string|secret|key/i;

function describe(message: string, value: string | undefined): string {
  // Secrets are never echoed back; other values are, so the operator sees what is wrong.
  return value === undefined ? message : `${message} (got ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)})`;
}
