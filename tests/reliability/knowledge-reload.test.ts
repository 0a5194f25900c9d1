/**
 * Reloading the knowledge while serving is atomic: a corrupt policy is reported
 * by code and file name and the previous knowledge keeps answering; a good update
 * is swapped in whole, with the guided dialogs re-read and re-checked against it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PrivateConversationState, MemoryStorage, UserState } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDialogRouter } from '../../bot/dialogs/create-dialog-router.js';
import type { DialogRouter } from '../../bot/dialogs/dialog-router.js';
import { loadKnowledge } from '../../bot/knowledge-loader.js';
import { KnowledgeHolder } from '../../bot/knowledge-reloader.js';
import { createLogger } from '../../bot/logger.js';
import { main } from '../../bot/main.js';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/config.js';
import type { Trust } from '../../src/knowledge/types.js';
import { copyKnowledge } from '../helpers/knowledge-copy.js';
import type { KnowledgeCopy } from '../helpers/knowledge-copy.js';
import { activitiesIn, cardsOf, message } from '../bot/helpers/conversation.js';

const QUESTION = 'What is the graduated approach?';

describe('reloading the knowledge while serving', () => {
  let copy: KnowledgeCopy;
  let config: Config;
  let holder: KnowledgeHolder;
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', messageText: false }, { write: (line: string) => void logLines.push(line) });

  beforeAll(async () => {
    copy = copyKnowledge();
    config = loadConfig({ KNOWLEDGE_DIR: copy.dir, INDEX_PATH: copy.indexPath, SEMANTIC_SEARCH: 'false', LOG_LEVEL: 'silent' });
    holder = new KnowledgeHolder(await loadKnowledge(config, logger), () => loadKnowledge(config, logger), logger);
  });
  afterAll(() => copy.remove());

  it('reports a corrupt Word policy by code and file name, and keeps serving the previous knowledge', async () => {
    const before = holder.current();
    const answerBefore = await holder.answerer.answer('southport', QUESTION);
    expect(answerBefore.answered).toBe(true);

    copy.write('policies/southport.docx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(512, 7)]));
    copy.setPolicyFile('southport', 'policies/southport.docx');
    const outcome = await holder.reload();

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.code).toBe('POLICY_CORRUPT');
    expect(outcome.message).toContain('southport.docx');
    expect(holder.current()).toBe(before);
    expect(await holder.answerer.answer('southport', QUESTION)).toEqual(answerBefore);
    const reported = logLines.find((l) => l.includes('"event":"knowledge-reload-failed"'));
    expect(reported).toContain('southport.docx');
    expect(reported).toContain('still serving the previous knowledge');
  });

  it('swaps in a good update whole, and runs one reload at a time', async () => {
    const original = readFileSync(path.join(copy.dir, 'policies', 'southport.md'), 'utf8');
    copy.write(
      'policies/southport.md',
      `${original}\n\n## **Fire drills for pupils with SEND**\n\nEvery pupil with a personal evacuation plan practises the quickest route with a named adult each half term, and the plan is checked by the SENDCo.\n`,
    );
    copy.setPolicyFile('southport', 'policies/southport.md');
    const first = holder.reload();
    const second = holder.reload();
    expect(second).toBe(first);
    const outcome = await first;
    expect(outcome).toMatchObject({ ok: true, trusts: expect.arrayContaining(['southport', 'mosaic']) as unknown });
    const answer = await holder.answerer.answer('southport', 'personal evacuation plan fire drill');
    expect(answer.answered).toBe(true);
    expect(answer.citations.map((c) => c.text).join(' ')).toContain('personal evacuation plan');
  });
});

describe('reloading the guided dialogs with the knowledge', () => {
  let copy: KnowledgeCopy;
  let holder: KnowledgeHolder;
  let router: DialogRouter;
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', messageText: false }, { write: (line: string) => void logLines.push(line) });
  const southport = (): Trust => {
    const trust = holder.trust('southport');
    if (!trust) throw new Error('no southport');
    return trust;
  };
  const dialogFile = 'dialogs/next-step.json';
  let original: string;

  /** The bundled next-step dialog with `change` applied, written to the copy. */
  function editDialog(change: (definition: Record<string, unknown> & { triggers: unknown[]; steps: Array<Record<string, unknown>> }) => void): void {
    const definition = z.looseObject({ triggers: z.array(z.unknown()), steps: z.array(z.record(z.string(), z.unknown())) }).parse(JSON.parse(original));
    change(definition);
    copy.write(dialogFile, JSON.stringify(definition, null, 2));
  }

  beforeAll(async () => {
    copy = copyKnowledge();
    original = readFileSync(path.join(copy.dir, dialogFile), 'utf8');
    const config = loadConfig({ KNOWLEDGE_DIR: copy.dir, INDEX_PATH: copy.indexPath, SEMANTIC_SEARCH: 'false', LOG_LEVEL: 'silent' });
    holder = new KnowledgeHolder(await loadKnowledge(config, logger), () => loadKnowledge(config, logger), logger);
    const storage = new MemoryStorage();
    router = await createDialogRouter({ dialogState: new PrivateConversationState(storage), userState: new UserState(storage), config, knowledgeBase: holder, logger });
  });
  afterAll(() => copy.remove());

  it('re-reads and re-checks the dialog definitions, and serves the new ones', async () => {
    expect(router.list(southport()).map((d) => d.title)).toContain('What is the next step?');
    editDialog((d) => {
      d.title = 'Where next for this pupil?';
      d.triggers.push({ phrase: 'where next', match: 'contains' });
    });
    const outcome = await holder.reload();
    expect(outcome.ok).toBe(true);
    expect(router.list(southport()).map((d) => d.title)).toContain('Where next for this pupil?');
    expect(router.suggest('Where next for a pupil with an EHC plan?', southport())?.id).toBe('next-step');
    expect(logLines.some((l) => l.includes('"event":"dialogs-reloaded"'))).toBe(true);
  });

  it('keeps the previous knowledge and dialogs when a dialog file fails its check, reporting its code and file', async () => {
    const before = holder.current();
    const titles = router.list(southport()).map((d) => d.title);
    // A new policy section and a dialog quoting a sentence no policy has, in one reload.
    const policy = readFileSync(path.join(copy.dir, 'policies', 'southport.md'), 'utf8');
    copy.write('policies/southport.md', `${policy}\n\n## Sensory breaks\n\nEvery pupil with a sensory plan has a quiet space for short breaks.\n`);
    editDialog((d) => {
      d.title = 'A title that is never served';
      const cycle = d.steps.find((s) => s.id === 'cycle');
      if (!cycle) throw new Error('the next-step dialog has a cycle step');
      cycle.citations = { ...z.record(z.string(), z.unknown()).parse(cycle.citations), southport: [{ heading: 'Identification of SEN', quote: 'Pupils are assessed by the moon.' }] };
    });
    const outcome = await holder.reload();
    expect(outcome).toMatchObject({ ok: false, code: 'DIALOG_INVALID' });
    expect(outcome.ok ? '' : outcome.message).toMatch(/next-step\.json: dialog "next-step", step "cycle".*trust "southport"/);
    expect(holder.current()).toBe(before);
    expect(router.list(southport()).map((d) => d.title)).toEqual(titles);
    const reported = logLines.find((l) => l.includes('"event":"knowledge-reload-failed"')) ?? '';
    expect(reported).toContain('"part":"guided dialogs"');
    expect(reported).toContain('"code":"DIALOG_INVALID"');
    expect(reported).toContain('still serving the previous knowledge and guided dialogs');
  });

  it('reports a dialog file that is not JSON by its code and name, and serves the new ones once it is fixed', async () => {
    const before = holder.current();
    copy.write(dialogFile, '{ "id": "next-step", ');
    const broken = await holder.reload();
    expect(broken).toMatchObject({ ok: false, code: 'KNOWLEDGE_FILE_INVALID' });
    expect(broken.ok ? '' : broken.message).toContain('next-step.json');
    expect(holder.current()).toBe(before);

    copy.write(dialogFile, original);
    expect(await holder.reload()).toMatchObject({ ok: true });
    expect(holder.current()).not.toBe(before);
    expect(router.list(southport()).map((d) => d.title)).toContain('What is the next step?');
    expect((await holder.answerer.answer('southport', 'quiet space for sensory breaks')).answered).toBe(true);
  });
});

describe('a reload of the running server', () => {
  it('serves the edited guided dialogs after the reload SIGHUP asks for', async () => {
    const copy = copyKnowledge();
    const config = loadConfig({ PORT: '0', KNOWLEDGE_DIR: copy.dir, INDEX_PATH: copy.indexPath, SEMANTIC_SEARCH: 'false', LOG_LEVEL: 'silent' });
    const started = await main(config, createLogger(config.log, { write: () => undefined }));
    try {
      await started.ready;
      const listed = async (): Promise<string> => {
        const response = await fetch(`${started.server.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...message('guided dialogs'), deliveryMode: 'expectReplies' }),
        });
        return cardsOf(activitiesIn(await response.json())).map((c) => c.text).join('\n');
      };
      expect(await listed()).toContain('What is the next step?');
      const file = path.join(copy.dir, 'dialogs', 'next-step.json');
      copy.write('dialogs/next-step.json', readFileSync(file, 'utf8').replace('"title": "What is the next step?"', '"title": "Where next for this pupil?"'));
      expect(await started.reload()).toMatchObject({ ok: true });
      expect(await listed()).toContain('Where next for this pupil?');
    } finally {
      await started.server.close();
      copy.remove();
    }
  });
});
