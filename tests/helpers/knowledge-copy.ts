/**
 * A writable temp copy of the bundled knowledge folder, for tests that change
 * policies while the bot serves them.
 */
import { chmodSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../src/config.js';

/** A temp knowledge folder and its index path. */
export interface KnowledgeCopy {
  dir: string;
  indexPath: string;
  /** Point a trust's policy entry at another file (relative to the knowledge folder). */
  setPolicyFile(trust: string, file: string): void;
  /** Write a file inside the knowledge folder. */
  write(file: string, content: string | Buffer): void;
  remove(): void;
}

const registry = z.looseObject({ trusts: z.array(z.looseObject({ id: z.string(), policies: z.array(z.looseObject({ file: z.string() })) })) });

/** Copy `knowledge/` to a new temp folder (files made writable). */
export function copyKnowledge(): KnowledgeCopy {
  const root = mkdtempSync(path.join(tmpdir(), 'knowledge-'));
  const dir = path.join(root, 'knowledge');
  cpSync(path.join(projectRoot, 'knowledge'), dir, { recursive: true });
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
  }
  const registryFile = path.join(dir, 'trusts.json');
  return {
    dir,
    indexPath: path.join(root, 'index.json'),
    setPolicyFile(trust, file) {
      const parsed = registry.parse(JSON.parse(readFileSync(registryFile, 'utf8')));
      for (const t of parsed.trusts) if (t.id === trust) t.policies = [{ ...t.policies[0], file }];
      writeFileSync(registryFile, JSON.stringify(parsed, null, 2));
    },
    write(file, content) {
      writeFileSync(path.join(dir, file), content);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
