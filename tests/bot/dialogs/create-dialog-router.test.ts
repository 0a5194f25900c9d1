import { ConversationState, MemoryStorage, UserState } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { createDialogRouter } from '../../../bot/dialogs/create-dialog-router.js';
import type { DialogRouterFactory } from '../../../bot/dialogs/dialog-router.js';
import { isAssistantError } from '../../../src/errors.js';
import { bundled, knowledgeDir } from '../../src/dialogs/bundled.js';

// The composition root imports the factory by this signature.
const factory: DialogRouterFactory = createDialogRouter;

function states() {
  const storage = new MemoryStorage();
  return { conversationState: new ConversationState(storage), userState: new UserState(storage) };
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
