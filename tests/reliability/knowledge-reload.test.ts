/**
 * Reloading the knowledge while serving is atomic: a corrupt policy is reported
 * by code and file name and the previous knowledge keeps answering; a good update
 * is swapped in whole.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/knowledge-loader.js';
import { KnowledgeHolder } from '../../bot/knowledge-reloader.js';
import { createLogger } from '../../bot/logger.js';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/config.js';
import { copyKnowledge } from '../helpers/knowledge-copy.js';
import type { KnowledgeCopy } from '../helpers/knowledge-copy.js';

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
