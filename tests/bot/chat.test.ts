import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseChatArgs, renderReplies } from '../../bot/chat.js';
import { actionData } from '../../bot/cards/card-actions.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../bot/cards/card-parts.js';
import type { OpenedKnowledgeBase } from '../../src/answers/knowledge-base.js';
import { projectRoot } from '../../src/config.js';
import { isAssistantError } from '../../src/errors.js';
import { TEST_TODAY, openRealKnowledge, tempIndexPath } from './helpers/real-knowledge.js';

/** Run `bot/chat.ts` as `npm run chat` does, with `input` piped to stdin. */
function runChat(args: string[], input: string, indexPath: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(projectRoot, 'node_modules', '.bin', 'tsx'), ['bot/chat.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, SEMANTIC_SEARCH: 'false', INDEX_PATH: indexPath, TODAY: TEST_TODAY, LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('the terminal chat, scripted through stdin', () => {
  let knowledge: OpenedKnowledgeBase;
  // The index is built once here; the chats load it instead of rebuilding.
  const indexPath = tempIndexPath();
  beforeAll(async () => {
    knowledge = await openRealKnowledge(indexPath);
  });

  it("prints the answer card with the policy's own quote, then exits at the end of input", { timeout: 120_000 }, async () => {
    const question = 'what is an EHCP?';
    const { code, stdout, stderr } = await runChat(['--trust', 'aspire'], `${question}\n`, indexPath);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const answer = await knowledge.answerer.answer('aspire', question);
    if (!answer.answered) throw new Error('the knowledge base does not answer the question');
    const best = answer.citations[0];
    expect(stdout).toContain("From The Aspire Educational Trust's SEND policy");
    const quoted = stdout
      .split('\n')
      .filter((l) => l.startsWith('  │ '))
      .map((l) => l.slice(4))
      .join('\n');
    expect(quoted).toBe(best?.quote);
    expect(knowledge.section(best?.sectionId ?? '')?.text).toContain(best?.quote);
    expect(stdout).toMatch(/^ {2}1\. Show the whole section$/m);
  });

  it('clicks a numbered button when its number is typed', { timeout: 120_000 }, async () => {
    const { stdout } = await runChat(['--trust', 'southport'], 'What does the SENDCo do?\n1\n', indexPath);
    const answer = await knowledge.answerer.answer('southport', 'What does the SENDCo do?');
    if (!answer.answered) throw new Error('the knowledge base does not answer the question');
    const section = knowledge.section(answer.citations[0]?.sectionId ?? '');
    const lastParagraph = section?.text.split(/\n\s*\n/).at(-1)?.trim() ?? '';
    expect(lastParagraph.length).toBeGreaterThan(0);
    expect(stdout).toContain(lastParagraph);
  });

  it('names the trusts when --trust is unknown', { timeout: 120_000 }, async () => {
    const { code, stderr } = await runChat(['--trust', 'atlantis'], '', indexPath);
    expect(code).toBe(1);
    expect(stderr).toContain('TRUST_UNKNOWN: --trust "atlantis" is not in the registry; choose one of southport, drb-ignite, aspire, leading-learners, mosaic');
  });
});

describe('chat arguments and rendering', () => {
  it('reads --trust in both spellings and rejects anything else with USAGE', () => {
    expect(parseChatArgs(['--trust', 'mosaic'])).toEqual({ trust: 'mosaic', help: false });
    expect(parseChatArgs(['--trust=mosaic'])).toEqual({ trust: 'mosaic', help: false });
    for (const bad of [['--trust'], ['--colour']]) {
      try {
        parseChatArgs(bad);
        expect.unreachable();
      } catch (error) {
        expect(isAssistantError(error, 'USAGE')).toBe(true);
      }
    }
  });

  it('numbers buttons across every card of one reply, skipping typing', () => {
    const card = (title: string) => ({
      contentType: ADAPTIVE_CARD_CONTENT_TYPE,
      content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: title }], actions: [{ type: 'Action.Submit', title, data: actionData({ action: 'help' }) }] },
    });
    const rendered = renderReplies([{ type: 'typing' }, { type: 'message', text: 'Thanks.' }, { type: 'message', attachments: [card('A'), card('B')] }]);
    expect(rendered.text).toBe('Thanks.\n\nA\n\n  1. A\n\nB\n\n  2. B');
    expect(rendered.actions.map((a) => a.number)).toEqual([1, 2]);
  });
});
