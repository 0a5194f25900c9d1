import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandScopes, commands } from '../../bot/commands.js';
import {
  DEV_APP_ID,
  buildAppPackage,
  fillManifest,
  resolveSettings,
  validateManifest,
  type Manifest,
  type PackageSettings,
} from '../../scripts/app-package.js';
import { encodePng } from '../../scripts/png.js';
import { loadConfig, projectRoot } from '../../src/config.js';
import { readZip } from './read-zip.js';

const manifestDir = path.join(projectRoot, 'manifest');
const menu = { commands, scopes: commandScopes };
const settings: PackageSettings = resolveSettings(loadConfig({ APP_DOMAIN: 'send-policy.example.org' }), '1.2.3').settings;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'app-package-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function template(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(manifestDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
}

/** A copy of the manifest folder with the template changed by `edit`. */
async function brokenCopy(name: string, edit: (manifest: Record<string, unknown>) => void): Promise<string> {
  const dir = path.join(work, name);
  await cp(manifestDir, dir, { recursive: true });
  const manifest = await template();
  edit(manifest);
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('the Teams app package', () => {
  it('zips manifest.json, color.png and outline.png at the root, and the manifest is valid for its schema', async () => {
    const outFile = path.join(work, 'ok', 'send-policy-assistant.zip');
    await buildAppPackage({ manifestDir, outFile, settings, menu });
    const entries = readZip(await readFile(outFile));
    expect(entries.map((e) => e.name).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')?.bytes.toString('utf8') ?? '{}') as Manifest;
    expect(await validateManifest(manifest)).toEqual([]);
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.19);
    expect(manifest).toMatchObject({
      id: DEV_APP_ID,
      version: '1.2.3',
      validDomains: ['send-policy.example.org'],
      icons: { color: 'color.png', outline: 'outline.png' },
      bots: [{ botId: DEV_APP_ID, scopes: expect.arrayContaining(['personal', 'groupChat', 'team']) as unknown }],
      composeExtensions: [
        {
          botId: DEV_APP_ID,
          commands: [{ type: 'query', initialRun: true, parameters: [{ name: 'query' }] }],
        },
      ],
    });
    expect(JSON.stringify(manifest)).not.toContain('${{');
    // The icons in the zip are the committed ones.
    for (const icon of ['color.png', 'outline.png']) {
      expect(entries.find((e) => e.name === icon)?.bytes.equals(await readFile(path.join(manifestDir, icon)))).toBe(true);
    }
  });

  it('gives the same bytes for the same inputs, so a rebuilt package is the same package', async () => {
    const first = path.join(work, 'same', 'a.zip');
    const second = path.join(work, 'same', 'b.zip');
    await buildAppPackage({ manifestDir, outFile: first, settings, menu });
    await buildAppPackage({ manifestDir, outFile: second, settings, menu });
    expect((await readFile(first)).equals(await readFile(second))).toBe(true);
  });

  it("offers the bot's own command menu, in every scope the bot is in", async () => {
    const manifest = fillManifest(await template(), settings, menu);
    expect(manifest.bots).toEqual([
      expect.objectContaining({
        commandLists: [{ scopes: [...commandScopes], commands: commands.map((c) => ({ title: c.title, description: c.description })) }],
      }),
    ]);
  });

  it('keeps the command menu written in the template the same as the bot\'s commands', async () => {
    const written = (await template()) as { bots: { commandLists: unknown }[] };
    expect(written.bots[0]?.commandLists).toEqual([{ scopes: [...commandScopes], commands: [...commands] }]);
  });

  it('fills the bot id from MicrosoftAppId and keeps the app id separate', () => {
    const botId = '0d7b2c5e-8f1a-4e3b-9c6d-2a4f6e8b0c1d';
    const appId = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
    const { settings: s } = resolveSettings(loadConfig({ MicrosoftAppId: botId, MicrosoftAppPassword: 'secret', APP_ID: appId }), '0.1.0');
    expect([s.APP_ID, s.BOT_ID]).toEqual([appId, botId]);
  });

  it('refuses a production package without an app id and privacy and terms pages, naming each', () => {
    const production = loadConfig({ NODE_ENV: 'production', MicrosoftAppId: '0d7b2c5e-8f1a-4e3b-9c6d-2a4f6e8b0c1d', MicrosoftAppPassword: 'secret' });
    expect(() => resolveSettings(production, '0.1.0')).toThrow(/APP_PACKAGE_INVALID: NODE_ENV is production but APP_ID .*PRIVACY_URL .*TERMS_URL/);
  });

  it('uses the privacy and terms pages it is given, and the privacy page\'s site as the website', () => {
    const { settings: s, warnings } = resolveSettings(
      loadConfig({
        NODE_ENV: 'production',
        MicrosoftAppId: '0d7b2c5e-8f1a-4e3b-9c6d-2a4f6e8b0c1d',
        MicrosoftAppPassword: 'secret',
        APP_ID: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
        PRIVACY_URL: 'https://www.trust.example.org/privacy-notice',
        TERMS_URL: 'https://www.trust.example.org/acceptable-use',
      }),
      '0.1.0',
    );
    expect(warnings).toEqual([]);
    expect(s).toMatchObject({
      PRIVACY_URL: 'https://www.trust.example.org/privacy-notice',
      TERMS_URL: 'https://www.trust.example.org/acceptable-use',
      WEBSITE_URL: 'https://www.trust.example.org',
    });
  });

  it('refuses a domain written as a URL', () => {
    expect(() => resolveSettings(loadConfig({ APP_DOMAIN: 'https://bot.example.org/api' }), '0.1.0')).toThrow(/APP_DOMAIN must be a host name/);
  });

  it('fails naming the field when the filled manifest breaks the schema, and writes nothing', async () => {
    const dir = await brokenCopy('bad-fields', (m) => {
      (m.bots as Record<string, unknown>[])[0]!.botId = 'not-a-guid';
      m.accentColor = 'teal';
      m.colour = '#0B7A75';
    });
    const outFile = path.join(work, 'bad-fields.zip');
    const failure = buildAppPackage({ manifestDir: dir, outFile, settings, menu });
    await expect(failure).rejects.toThrow('manifest.json: /bots/0/botId must be a GUID');
    await expect(failure).rejects.toThrow('manifest.json: /accentColor must match pattern');
    await expect(failure).rejects.toThrow('manifest.json: / must not have the property "colour"');
    await expect(readFile(outFile)).rejects.toThrow(/ENOENT/);
  });

  it('fails on an unknown placeholder, naming it and where it is', async () => {
    const dir = await brokenCopy('bad-placeholder', (m) => {
      m.developer = { ...(m.developer as object), name: '${{TRUST_NAME}}' };
    });
    await expect(buildAppPackage({ manifestDir: dir, outFile: path.join(work, 'x.zip'), settings, menu })).rejects.toThrow(
      'manifest.json: /developer/name uses the unknown placeholder ${{TRUST_NAME}}',
    );
  });

  it('fails when an icon has the wrong size', async () => {
    const dir = await brokenCopy('bad-icon', () => undefined);
    await writeFile(path.join(dir, 'outline.png'), encodePng({ width: 48, height: 48, rgba: new Uint8Array(48 * 48 * 4) }));
    await expect(buildAppPackage({ manifestDir: dir, outFile: path.join(work, 'y.zip'), settings, menu })).rejects.toThrow(
      'outline.png is 48x48 pixels; Teams requires 32x32',
    );
  });

  it('npm run package exits 1 with the field named on stderr', async () => {
    const dir = await brokenCopy('cli', (m) => {
      (m.composeExtensions as Record<string, unknown>[])[0]!.botId = '${{APP_VERSION}}';
    });
    const run = promisify(execFile)(path.join(projectRoot, 'node_modules', '.bin', 'tsx'), ['scripts/package-app.ts', '--manifest-dir', dir, '--out', path.join(work, 'cli.zip')], {
      cwd: projectRoot,
      env: { PATH: `${path.join(projectRoot, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` },
    });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('manifest.json: /composeExtensions/0/botId must be a GUID') as unknown });
  });
});
