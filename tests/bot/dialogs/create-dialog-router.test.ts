import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PrivateConversationState, MemoryStorage, UserState } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { createDialogRouter } from '../../../bot/dialogs/create-dialog-router.js';
import type { DialogRouterFactory } from '../../../bot/dialogs/dialog-router.js';
import { openKnowledgeBase } from '../../../src/answers/knowledge-base.js';
import { fixedClock } from '../../../src/clock.js';
import { isAssistantError } from '../../../src/errors.js';
import { bundled, knowledgeDir } from '../../src/dialogs/bundled.js';

// The composition root imports the factory by this signature.
const factory: DialogRouterFactory = createDialogRouter;

function states() {
  const storage = new MemoryStorage();
  return { dialogState: new PrivateConversationState(storage), userState: new UserState(storage) };
}

describe('createDialogRouter', () => {
  it('builds the router from the knowledge folder, checking every cited section against the knowledge base', async () => {
    const { knowledge } = await bundled();
    const sections = new Map(knowledge.documents.flatMap((d) => d.sections.map((s) => [s.id, s] as const)));
    const router = await createDialogRouter({ ...states(), config: { knowledge: { dir: knowledgeDir } }, knowledgeBase: { section: (id) => sections.get(id) } });
    const southport = knowledge.trusts.find((t) => t.id === 'southport');
    if (!southport) throw new Error('no southport');
    expect(router.list(southport).map((d) => d.id)).toEqual(['send-or-other', 'next-step', 'induction', 'parent-concern']);
    expect(typeof factory).toBe('function');
  });

  it('refuses to start when the knowledge base cannot show a cited section', async () => {
    let thrown: unknown;
    try {
      await createDialogRouter({ ...states(), config: { knowledge: { dir: knowledgeDir } }, knowledgeBase: { section: () => undefined } });
    } catch (error) {
      thrown = error;
    }
    expect(isAssistantError(thrown, 'DIALOG_INVALID')).toBe(true);
    expect(String((thrown as Error).message)).toMatch(/send-or-other\.json: dialog "send-or-other", step "factor", .*trust "southport": cites section southport\//);
  });
});

describe('createDialogRouter with the knowledge base', () => {
  it('checks the dialogs against the sections the knowledge base holds, parsing no policy again', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'send-dialogs-kb-'));
    try {
      await cp(knowledgeDir, path.join(dir, 'knowledge'), { recursive: true });
      const folder = path.join(dir, 'knowledge');
      const kb = await openKnowledgeBase({ dir: folder, indexPath: path.join(dir, 'index.json'), semantic: false, clock: fixedClock('2026-01-15') });
      // With the policy files gone, anything that parsed them again would fail.
      await rm(path.join(folder, 'policies'), { recursive: true });
      const router = await createDialogRouter({ ...states(), config: { knowledge: { dir: folder } }, knowledgeBase: kb });
      const mosaic = kb.trust('mosaic');
      if (!mosaic) throw new Error('no mosaic');
      expect(router.list(mosaic).map((d) => d.id)).toEqual(['send-or-other', 'next-step', 'induction', 'parent-concern']);
      // The same folder without the knowledge base's documents has to parse the policies, and cannot.
      await expect(createDialogRouter({ ...states(), config: { knowledge: { dir: folder } }, knowledgeBase: { section: (id) => kb.section(id) } })).rejects.toThrow(/policies/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
