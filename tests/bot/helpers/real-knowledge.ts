/**
 * The real knowledge base (bundled policies, lexical ranking), opened once per test
 * file with its index in a temporary folder so tests never touch `build/`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openKnowledgeBase } from '../../../src/answers/knowledge-base.js';
import type { OpenedKnowledgeBase } from '../../../src/answers/knowledge-base.js';
import { fixedClock } from '../../../src/clock.js';
import { projectRoot } from '../../../src/config.js';

/** Today as the tests see it: before any bundled policy's review date. */
export const TEST_TODAY = '2026-01-15';

/** A fresh temporary index path. */
export function tempIndexPath(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'send-policy-index-')), 'index.json');
}

/** Open the bundled knowledge without the semantic stage; its index is written to `indexPath`. */
export function openRealKnowledge(indexPath = tempIndexPath(), today = TEST_TODAY): Promise<OpenedKnowledgeBase> {
  return openKnowledgeBase({
    dir: path.join(projectRoot, 'knowledge'),
    indexPath,
    semantic: false,
    clock: fixedClock(today),
  });
}
