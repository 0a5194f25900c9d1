/**
 * The Teams app package: fill the manifest template (`manifest/manifest.json`)
 * from the configuration, validate it offline against the official JSON schema
 * of its manifest version, check the icons, and zip manifest + icons into the
 * file a trust's IT admin uploads to Teams.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import ajvDraft04 from 'ajv-draft-04';
import type { ErrorObject } from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { ZipFile } from 'yazl';
import { z } from 'zod';
import type { Config } from '../src/config.js';
import { AssistantError } from '../src/errors.js';
import { readPngHeader } from './png.js';

/** Name of the package file under `build/appPackage/`. */
export const APP_PACKAGE_FILE = 'send-policy-assistant.zip';

/** App id used for local packages when `APP_ID` is not set. Never upload it to a real tenant's catalogue. */
export const DEV_APP_ID = '6f1c2d9a-3b4e-4c5f-8a7b-0d2e1f3a4b5c';

/** Privacy and terms pages used for local packages when `PRIVACY_URL` / `TERMS_URL` are not set. */
export const PLACEHOLDER_URLS = {
  website: 'https://example.com/send-policy-assistant',
  privacy: 'https://example.com/send-policy-assistant/privacy',
  terms: 'https://example.com/send-policy-assistant/terms',
} as const;

/** The icons the manifest names, with the size Teams requires of each. */
export const ICONS = {
  color: { file: 'color.png', width: 192, height: 192 },
  outline: { file: 'outline.png', width: 32, height: 32 },
} as const;

/** Values the template's `${{NAME}}` placeholders are filled with, plus the valid domains. */
export interface PackageSettings {
  APP_ID: string;
  BOT_ID: string;
  APP_VERSION: string;
  WEBSITE_URL: string;
  PRIVACY_URL: string;
  TERMS_URL: string;
  validDomains: string[];
}

/** A command of the bot's command menu, as `bot/commands.ts` lists it. */
export interface MenuCommand {
  title: string;
  description: string;
}

/** The settings for a package, and what was defaulted (for the operator to see). */
export interface ResolvedSettings {
  settings: PackageSettings;
  warnings: string[];
}

const hostname = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:\d{1,5})?$/i;

/**
 * Decide the package's settings from the configuration. Locally, missing values
 * get development defaults (with warnings). With `NODE_ENV=production` the package
 * is meant for a real tenant, so `APP_ID`, `PRIVACY_URL` and `TERMS_URL` are required:
 * staff see those links in Teams' app details.
 */
export function resolveSettings(config: Config, appVersion: string): ResolvedSettings {
  const { app } = config;
  const warnings: string[] = [];
  if (config.env === 'production') {
    const missing = [
      app.appId ? undefined : 'APP_ID (a new UUID for this app, e.g. from `node -e "console.log(crypto.randomUUID())"`)',
      app.privacyUrl ? undefined : "PRIVACY_URL (the trust's privacy notice)",
      app.termsUrl ? undefined : 'TERMS_URL (the terms of use staff agree to)',
    ].filter((m): m is string => m !== undefined);
    if (missing.length > 0) {
      throw new AssistantError('APP_PACKAGE_INVALID', `NODE_ENV is production but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`);
    }
  }
  if (!app.appId) warnings.push(`APP_ID is not set: using the development app id ${DEV_APP_ID}`);
  if (!app.privacyUrl || !app.termsUrl) {
    warnings.push('PRIVACY_URL or TERMS_URL is not set: using example.com placeholders (set both before uploading to your organisation)');
  }
  if (app.domain && !hostname.test(app.domain)) {
    throw new AssistantError('APP_PACKAGE_INVALID', `APP_DOMAIN must be a host name such as bot.example.org, without https:// or a path (got ${JSON.stringify(app.domain)})`);
  }
  const appId = app.appId ?? DEV_APP_ID;
  const privacyUrl = app.privacyUrl ?? PLACEHOLDER_URLS.privacy;
  return {
    settings: {
      APP_ID: appId,
      // The bot's Azure registration; locally the bot and the app share the one id.
      BOT_ID: config.bot.credentials?.appId ?? appId,
      APP_VERSION: appVersion,
      WEBSITE_URL: app.privacyUrl ? new URL(privacyUrl).origin : PLACEHOLDER_URLS.website,
      PRIVACY_URL: privacyUrl,
      TERMS_URL: app.termsUrl ?? PLACEHOLDER_URLS.terms,
      validDomains: app.domain ? [app.domain] : [],
    },
    warnings,
  };
}

const placeholder = /\$\{\{([A-Z_]+)\}\}/g;
const fillable = ['APP_ID', 'BOT_ID', 'APP_VERSION', 'WEBSITE_URL', 'PRIVACY_URL', 'TERMS_URL'] as const;
type Fillable = (typeof fillable)[number];
const isFillable = (name: string): name is Fillable => (fillable as readonly string[]).includes(name);

const json: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);
const templateSchema = z.looseObject({
  manifestVersion: z.string(),
  bots: z.array(z.looseObject({})).min(1, 'the app needs its bot'),
});

/** A manifest as a JSON object. */
export type Manifest = Record<string, unknown> & { manifestVersion: string };

/**
 * Fill the template: every `${{NAME}}` in a string from `settings`, `validDomains`,
 * and the bot's command menu from `commands` (one list for all of `scopes`).
 * An unknown placeholder is an error naming it and where it is.
 */
export function fillManifest(
  template: unknown,
  settings: PackageSettings,
  menu: { commands: readonly MenuCommand[]; scopes: readonly string[] },
): Manifest {
  const parsed = templateSchema.safeParse(template);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AssistantError('APP_PACKAGE_INVALID', `manifest.json: /${issue?.path.join('/') ?? ''} ${issue?.message ?? 'is not a manifest'}`);
  }
  const fill = (value: unknown, at: string): unknown => {
    if (typeof value === 'string') {
      return value.replace(placeholder, (_, name: string) => {
        if (!isFillable(name)) {
          throw new AssistantError('APP_PACKAGE_INVALID', `manifest.json: ${at} uses the unknown placeholder \${{${name}}} (known: ${fillable.join(', ')})`);
        }
        return settings[name];
      });
    }
    if (Array.isArray(value)) return value.map((v, i) => fill(v, `${at}/${i}`));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, `${at}/${k}`)]));
    }
    return value;
  };
  // z.record keeps the template's key order, so the filled manifest reads like the template.
  const filled = z.record(z.string(), json).parse(fill(template, ''));
  const [bot, ...otherBots] = z.array(z.record(z.string(), json)).parse(filled.bots);
  return {
    ...filled,
    manifestVersion: parsed.data.manifestVersion,
    bots: [
      {
        ...bot,
        commandLists: [
          {
            scopes: [...menu.scopes],
            commands: menu.commands.map(({ title, description }) => ({ title, description })),
          },
        ],
      },
      ...otherBots,
    ],
    validDomains: settings.validDomains,
  };
}

const require = createRequire(import.meta.url);
// Both are CommonJS modules whose `module.exports` is also their `default`.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

/** The official JSON schema of a Teams manifest version, as `@microsoft/app-manifest` ships it. */
export async function manifestSchema(manifestVersion: string): Promise<Record<string, unknown>> {
  const root = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = path.join(root, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new AssistantError('APP_PACKAGE_INVALID', `manifest.json: /manifestVersion ${JSON.stringify(manifestVersion)} has no schema in @microsoft/app-manifest (looked for ${file})`, { cause });
  }
  return z.record(z.string(), z.unknown()).parse(JSON.parse(text));
}

const guidPattern = '^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$';

function describeError(error: ErrorObject): string {
  const at = error.instancePath || '/';
  const extra = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' && typeof extra.additionalProperty === 'string') {
    return `${at} must not have the property "${extra.additionalProperty}"`;
  }
  if (error.keyword === 'pattern' && extra.pattern === guidPattern) {
    return `${at} must be a GUID such as 6f1c2d9a-3b4e-4c5f-8a7b-0d2e1f3a4b5c (got ${JSON.stringify(error.data)})`;
  }
  if (error.keyword === 'enum' && Array.isArray(extra.allowedValues)) {
    return `${at} must be one of ${extra.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${at} ${error.message ?? 'is invalid'}`;
}

/**
 * Validate a filled manifest against the official schema of its `manifestVersion`.
 * Returns one message per problem, each naming the field (`/bots/0/botId must match …`);
 * empty when the manifest is valid.
 */
export async function validateManifest(manifest: Manifest): Promise<string[]> {
  const schema = await manifestSchema(manifest.manifestVersion);
  // The published schemas carry a few non-standard keywords and defaults; strict mode would refuse them.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return [...new Set((validate.errors ?? []).map(describeError))];
}

/** Check an icon is a PNG of the size Teams requires; returns the problems. */
export function checkIcon(bytes: Uint8Array, file: string, size: { width: number; height: number }): string[] {
  try {
    const header = readPngHeader(bytes, file);
    return header.width === size.width && header.height === size.height
      ? []
      : [`${file} is ${header.width}x${header.height} pixels; Teams requires ${size.width}x${size.height}`];
  } catch (error) {
    return [error instanceof Error ? error.message : `${file} is unreadable`];
  }
}

/** What {@link buildAppPackage} wrote. */
export interface BuiltPackage {
  file: string;
  manifest: Manifest;
  entries: string[];
}

// Fixed timestamps keep the zip's bytes the same for the same inputs.
const zipTime = new Date('2026-01-01T00:00:00Z');

/**
 * Fill, validate and zip the app package. Throws `APP_PACKAGE_INVALID` listing every
 * problem (schema errors with their field path, wrong icon sizes) and writes nothing then.
 */
export async function buildAppPackage(options: {
  manifestDir: string;
  outFile: string;
  settings: PackageSettings;
  menu: { commands: readonly MenuCommand[]; scopes: readonly string[] };
}): Promise<BuiltPackage> {
  const templateFile = path.join(options.manifestDir, 'manifest.json');
  let template: unknown;
  try {
    template = JSON.parse(await readFile(templateFile, 'utf8'));
  } catch (cause) {
    throw new AssistantError('APP_PACKAGE_INVALID', `manifest.json: ${cause instanceof Error ? cause.message : 'unreadable'} (${templateFile})`, { cause });
  }
  const manifest = fillManifest(template, options.settings, options.menu);
  const problems = (await validateManifest(manifest)).map((m) => `manifest.json: ${m}`);
  const icons = await Promise.all(
    Object.values(ICONS).map(async (icon) => {
      try {
        const bytes = await readFile(path.join(options.manifestDir, icon.file));
        problems.push(...checkIcon(bytes, icon.file, icon));
        return { name: icon.file, bytes };
      } catch {
        problems.push(`${icon.file} is missing from ${options.manifestDir}`);
        return undefined;
      }
    }),
  );
  if (problems.length > 0) throw new AssistantError('APP_PACKAGE_INVALID', problems.join('\n'));

  const entries = [
    { name: 'manifest.json', bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    ...icons.filter((i) => i !== undefined),
  ];
  await mkdir(path.dirname(options.outFile), { recursive: true });
  const zip = new ZipFile();
  for (const entry of entries) zip.addBuffer(entry.bytes, entry.name, { mtime: zipTime, mode: 0o100644 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(options.outFile));
  return { file: options.outFile, manifest, entries: entries.map((e) => e.name) };
}
