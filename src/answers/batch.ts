/**
 * The `ask --json` line format, shared by `ask --batch` and the evaluation so
 * both run exactly the same code path: one JSON object per question in, one
 * per answer out, in order.
 */
import { z } from 'zod';
import { AssistantError } from '../errors.js';
import type { Answer, Answerer } from './types.js';

/** One question of a batch (other fields are ignored). */
export interface BatchQuestion {
  id: string | null;
  trust: string;
  question: string;
}

/** One cited section in the JSON output. */
export interface JsonCitation {
  trust: string;
  document: string;
  /** Heading path joined with " > ". */
  heading: string;
  /** The whole section, as in the policy. */
  text: string;
  /** The sentences shown to the user. */
  quote: string;
}

/** One answer in the JSON output. */
export interface JsonAnswer {
  id: string | null;
  trust: string;
  answered: boolean;
  citations: JsonCitation[];
}

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).nullish(),
  trust: z.string().min(1),
  question: z.string(),
});

/**
 * Parse the lines of a batch file (blank lines skipped). Throws `USAGE` naming
 * the file and line number of a line that is not `{"id","trust","question"}`.
 */
export function parseBatch(text: string, file: string): BatchQuestion[] {
  const out: BatchQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim().length === 0) return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      throw new AssistantError('USAGE', `${file}:${i + 1}: not a JSON object`);
    }
    const parsed = lineSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AssistantError('USAGE', `${file}:${i + 1}: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid'}`);
    }
    out.push({ id: parsed.data.id ?? null, trust: parsed.data.trust, question: parsed.data.question });
  });
  return out;
}

/** An answer in the JSON output format. */
export function toJsonAnswer(id: string | null, answer: Answer): JsonAnswer {
  return {
    id,
    trust: answer.trust,
    answered: answer.answered,
    citations: answer.citations.map((c) => ({ trust: c.trust, document: c.document, heading: c.headingPath.join(' > '), text: c.text, quote: c.quote })),
  };
}

/**
 * Answer every question in order. Unknown trusts fail the whole batch
 * (`TRUST_UNKNOWN` naming the trust) before any question is answered.
 */
export async function answerBatch(answerer: Answerer, questions: readonly BatchQuestion[], knownTrusts: readonly string[]): Promise<{ question: BatchQuestion; answer: Answer }[]> {
  for (const q of questions) {
    if (!knownTrusts.includes(q.trust)) throw new AssistantError('TRUST_UNKNOWN', `"${q.trust}" (question ${q.id ?? '?'}) is not a trust in the registry (known: ${knownTrusts.join(', ')})`);
  }
  const out: { question: BatchQuestion; answer: Answer }[] = [];
  for (const question of questions) out.push({ question, answer: await answerer.answer(question.trust, question.question) });
  return out;
}
