/**
 * One lexical knowledge base for the tests that need the real index: built once
 * into a temporary artifact shared by every test file of a run (a fresh
 * artifact is loaded, not rebuilt) and opened once per test worker.
 */
import os from 'node:os';
import path from 'node:path';
import { openKnowledgeBase, type OpenedKnowledgeBase } from '../../../src/answers/knowledge-base.js';
import { fixedClock } from '../../../src/clock.js';
import { projectRoot } from '../../../src/config.js';

/** The bundled knowledge folder. */
export const KNOWLEDGE_DIR = path.join(projectRoot, 'knowledge');

/** Where the shared lexical artifact lives during tests. */
export const SHARED_INDEX_PATH = path.join(os.tmpdir(), 'send-policy-assistant-tests', 'lexical-index.json');

/** The day the shared knowledge base answers on. */
export const TEST_TODAY = '2026-01-15';

let shared: Promise<OpenedKnowledgeBase> | undefined;

/** The bundled knowledge, lexical search only, on {@link TEST_TODAY}. */
export function sharedKnowledgeBase(): Promise<OpenedKnowledgeBase> {
  shared ??= openKnowledgeBase({ dir: KNOWLEDGE_DIR, indexPath: SHARED_INDEX_PATH, semantic: false, clock: fixedClock(TEST_TODAY) });
  return shared;
}
