/**
 * `npm ci --omit=dev && npm start` works: what the server needs to install and to
 * run is in `dependencies`, not `devDependencies`. Checked against the lockfile,
 * which is what `npm ci` installs: the start script's program, every package the
 * server's modules import, and every package an install script of a runtime
 * package runs with `npx`.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { projectRoot } from '../../src/config.js';

const manifest = z
  .looseObject({ scripts: z.record(z.string(), z.string()), dependencies: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')));

const lockEntry = z.looseObject({
  dev: z.boolean().optional(),
  bin: z.record(z.string(), z.string()).optional(),
  hasInstallScript: z.boolean().optional(),
});
const lock = z
  .looseObject({ packages: z.record(z.string(), lockEntry) })
  .parse(JSON.parse(readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8')));

/** Packages `npm ci --omit=dev` installs, by name (nested copies included). */
const runtimePackages = new Map<string, z.infer<typeof lockEntry>>();
for (const [where, entry] of Object.entries(lock.packages)) {
  if (where === '' || entry.dev === true) continue;
  const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
  runtimePackages.set(name, entry);
}

/** The package a bare import specifier names ("@scope/name/sub" → "@scope/name"). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Every package imported by `entry` and the project modules it imports, statically or dynamically. */
function importedPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (fileName.startsWith('.')) visit(path.resolve(path.dirname(file), fileName.replace(/\.js$/, '.ts')));
      else if (!fileName.startsWith('node:') && !builtinModules.includes(fileName)) packages.add(packageOf(fileName));
    }
  };
  visit(path.join(projectRoot, entry));
  return packages;
}

describe('npm start after npm ci --omit=dev', () => {
  it('has the program the start script runs among the runtime packages', () => {
    const program = manifest.scripts.start?.split(' ')[0] ?? '';
    expect(program).toBe('tsx');
    const provider = [...runtimePackages].find(([, entry]) => entry.bin?.[program] !== undefined);
    expect(provider?.[0]).toBe('tsx');
    expect(Object.keys(manifest.dependencies)).toContain('tsx');
  });

  it('installs every package the server imports', () => {
    const imported = importedPackages('bot/main.ts');
    expect(imported).toContain('botbuilder');
    expect([...imported].filter((name) => !runtimePackages.has(name))).toEqual([]);
  });

  it('installs what the install scripts of runtime packages run with npx (botbuilder-dialogs runs rimraf)', () => {
    const needed = new Set<string>();
    for (const [name, entry] of runtimePackages) {
      if (entry.hasInstallScript !== true) continue;
      const scripts = z
        .looseObject({ scripts: z.record(z.string(), z.string()).default({}) })
        .parse(JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', name, 'package.json'), 'utf8'))).scripts;
      for (const script of Object.values(scripts)) for (const [, program] of script.matchAll(/\bnpx\s+(?:--?\S+\s+)*([^\s-][^\s]*)/g)) needed.add(program ?? '');
    }
    expect(needed).toContain('rimraf');
    expect([...needed].filter((program) => ![...runtimePackages.values()].some((entry) => entry.bin?.[program] !== undefined))).toEqual([]);
  });
});
