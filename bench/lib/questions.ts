/** The questions the benchmarks ask: the development evaluation set's questions (their gold answers are not read). */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_EVAL_FILE } from '../../src/cli/eval.js';
import { AssistantError } from '../../src/errors.js';

/** One benchmark question, asked on behalf of a trust. */
export interface BenchQuestion {
  trust: string;
  question: string;
}

const lineSchema = z.object({ trust: z.string().min(1), question: z.string() });

/** Read the questions of a JSONL evaluation set (default `../shared/eval/dev.jsonl` beside the project). */
export async function loadQuestions(file: string = DEFAULT_EVAL_FILE): Promise<BenchQuestion[]> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new AssistantError('KNOWLEDGE_FILE_UNREADABLE', `${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return raw
    .split('\n')
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, i }) => {
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch (error) {
        throw new AssistantError('KNOWLEDGE_FILE_INVALID', `${file}:${i + 1}: not JSON`, { cause: error });
      }
      const parsed = lineSchema.safeParse(data);
      if (!parsed.success) throw new AssistantError('KNOWLEDGE_FILE_INVALID', `${file}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'not a question'}`);
      return { trust: parsed.data.trust, question: parsed.data.question };
    });
}
