/**
 * `npm run package`: build the Teams app package a trust's IT admin uploads.
 *
 *   npm run package [-- --manifest-dir manifest --out build/appPackage/send-policy-assistant.zip]
 *
 * Reads APP_ID, MicrosoftAppId, APP_DOMAIN, PRIVACY_URL and TERMS_URL through the
 * product's configuration; exits 1 with the offending field named when the filled
 * manifest breaks its schema or an icon has the wrong size.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { commandScopes, commands } from '../bot/commands.js';
import { loadConfig, projectRoot } from '../src/config.js';
import { AssistantError, isAssistantError } from '../src/errors.js';
import { APP_PACKAGE_FILE, buildAppPackage, resolveSettings } from './app-package.js';

async function main(argv: string[]): Promise<void> {
  let values: { 'manifest-dir'?: string; out?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'manifest-dir': { type: 'string' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new AssistantError('USAGE', `package: ${cause instanceof Error ? cause.message : 'bad arguments'} (options: --manifest-dir DIR, --out FILE)`, { cause });
  }
  const config = loadConfig(process.env);
  const pkg = z.object({ version: z.string() }).parse(JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')));
  const { settings, warnings } = resolveSettings(config, pkg.version);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);

  const built = await buildAppPackage({
    manifestDir: path.resolve(values['manifest-dir'] ?? path.join(projectRoot, 'manifest')),
    outFile: path.resolve(values.out ?? path.join(projectRoot, 'build', 'appPackage', APP_PACKAGE_FILE)),
    settings,
    menu: { commands, scopes: commandScopes },
  });
  process.stdout.write(
    [
      `Teams app package written: ${path.relative(process.cwd(), built.file) || built.file}`,
      `  app id ${settings.APP_ID}, bot id ${settings.BOT_ID}, version ${settings.APP_VERSION}, manifest ${built.manifest.manifestVersion}`,
      `  contains ${built.entries.join(', ')}; valid against the Teams manifest schema`,
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(isAssistantError(error) ? `${error.message}\n` : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
