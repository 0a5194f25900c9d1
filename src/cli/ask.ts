/**
 * `npm run --silent ask -- --trust ID "question"`: answer a question from the
 * trust's own SEND policy, for a person; `--json` prints one JSON line instead,
 * and `--json --batch FILE` answers a JSONL file of `{"id","trust","question"}`
 * lines, one JSON line per question, in order. Only answers go to stdout;
 * notices and progress go to stderr.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { answerBatch, parseBatch, toJsonAnswer } from '../answers/batch.js';
import { openKnowledgeBase, type OpenedKnowledgeBase } from '../answers/knowledge-base.js';
import type { Answer } from '../answers/types.js';
import { fixedClock, systemClock } from '../clock.js';
import { AssistantError } from '../errors.js';
import { EXIT, parseOptions, processIo, runCommand, type CliIo, type Command } from './cli-io.js';
import { progressBar } from './knowledge-build.js';

/** Usage of the ask command. */
export const askUsage = 'ask --trust ID [--json] [--lexical] [--today YYYY-MM-DD] "question"  |  ask --json --batch FILE';

/** Options every command that opens the knowledge base shares. */
export interface OpenOptions {
  lexical?: boolean | undefined;
  today?: string | undefined;
}

/** Open the knowledge base from the configuration, reporting rebuilds on stderr. */
export async function openFromConfig(io: CliIo, options: OpenOptions = {}): Promise<OpenedKnowledgeBase> {
  const config = io.config();
  const today = options.today ?? config.knowledge.today;
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new AssistantError('USAGE', `--today "${today}" is not a date (YYYY-MM-DD)`);
  const onProgress = progressBar();
  return openKnowledgeBase({
    dir: config.knowledge.dir,
    indexPath: config.knowledge.indexPath,
    semantic: options.lexical === true ? false : config.knowledge.semantic,
    clock: today ? fixedClock(today) : systemClock,
    onNotice: (message) => io.err(`${message}\n`),
    ...(onProgress ? { onProgress } : {}),
  });
}

/** An answer as text for a person. */
export function formatAnswer(answer: Answer, trustName: string): string {
  if (!answer.answered) {
    return answer.reason === 'empty-question'
      ? 'Ask a question about your trust\'s SEND policy.\n'
      : `${trustName}'s SEND policy does not cover this question. Ask your SENDCo, or check the school's own policies.\n`;
  }
  const lines: string[] = [];
  const [best, ...more] = answer.citations;
  if (best) {
    const status = answer.policies.find((p) => p.document === best.document);
    const dated = status?.policyDate ? ` (${status.policyDate})` : '';
    lines.push(`${best.document}${dated}, ${trustName}`);
    lines.push(`${best.headingPath.join(' > ')}`);
    lines.push('');
    if (best.quoteLeadIn !== undefined) lines.push(`  "${best.quoteLeadIn}`, '   …');
    lines.push(best.quoteLeadIn === undefined ? `  "${best.quote}"` : `   ${best.quote}"`);
    lines.push('');
  }
  for (const p of answer.policies) {
    if (p.pastReview) lines.push(`Note: "${p.document}" was due for review on ${p.reviewDate ?? 'an earlier date'}; check with your SENDCo that it is still current.`);
  }
  if (more.length > 0) {
    lines.push('Further sections:');
    for (const c of more) lines.push(`  - ${c.headingPath.join(' > ')}: "${c.quoteLeadIn === undefined ? '' : `${c.quoteLeadIn} … `}${c.quote}"`);
  }
  return `${lines.join('\n')}\n`;
}

/** The ask command. */
export const askCommand: Command = async (args: string[], io: CliIo) => {
  const { values, positionals } = parseOptions(args, {
    trust: { type: 'string' },
    json: { type: 'boolean' },
    batch: { type: 'string' },
    lexical: { type: 'boolean' },
    today: { type: 'string' },
  });
  const question = positionals.join(' ');
  if (values.batch !== undefined) {
    if (values.json !== true) throw new AssistantError('USAGE', '--batch needs --json');
    if (question.length > 0 || values.trust !== undefined) throw new AssistantError('USAGE', '--batch takes no question and no --trust (each line names its trust)');
    const file = path.resolve(values.batch);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new AssistantError('USAGE', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const questions = parseBatch(text, file);
    const kb = await openFromConfig(io, { lexical: values.lexical, today: values.today });
    const answers = await answerBatch(kb.answerer, questions, kb.trusts.map((t) => t.id));
    for (const { question: q, answer } of answers) io.out(`${JSON.stringify(toJsonAnswer(q.id, answer))}\n`);
    return EXIT.ok;
  }
  if (values.trust === undefined) throw new AssistantError('USAGE', '--trust is required (e.g. --trust southport)');
  if (question.trim().length === 0) throw new AssistantError('USAGE', 'no question given');
  const kb = await openFromConfig(io, { lexical: values.lexical, today: values.today });
  const trust = kb.trust(values.trust);
  if (!trust) throw new AssistantError('TRUST_UNKNOWN', `"${values.trust}" is not a trust in the registry (known: ${kb.trusts.map((t) => t.id).join(', ')})`);
  const answer = await kb.answerer.answer(trust.id, question);
  io.out(values.json === true ? `${JSON.stringify(toJsonAnswer(null, answer))}\n` : formatAnswer(answer, trust.displayName));
  return EXIT.ok;
};

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  process.exitCode = await runCommand(askCommand, process.argv.slice(2), processIo);
}
