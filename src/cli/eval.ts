/**
 * `npm run eval [-- --file FILE] [--lexical] [--thresholds] [--verbose] [--json]`:
 * score the answering core on a JSONL evaluation set (default
 * `../shared/eval/dev.jsonl` beside the project) by the set's rules: hit@1,
 * hit@3 and MRR by gold-phrase containment in cited passages of the asker's own
 * trust of at most 3,000 characters; abstention on out-of-scope and
 * not-in-trust questions; answerable questions wrongly abstained; per kind.
 * Answers go through the same path as `ask --json --batch`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { answerBatch, toJsonAnswer, type JsonAnswer } from '../answers/batch.js';
import { projectRoot } from '../config.js';
import { AssistantError } from '../errors.js';
import { judgeCoverage, DEFAULT_THRESHOLDS, type CoverageThresholds } from '../search/coverage.js';
import { openFromConfig } from './ask.js';
import { EXIT, parseOptions, processIo, runCommand, type CliIo, type Command } from './cli-io.js';

/** Usage of the eval command. */
export const evalUsage = 'eval [--file FILE] [--lexical] [--thresholds] [--verbose] [--json]';

/** The default evaluation set, relative to the project root. */
export const DEFAULT_EVAL_FILE = path.resolve(projectRoot, '../shared/eval/dev.jsonl');

const ABSTAIN_KINDS = new Set(['out-of-scope', 'not-in-trust']);
const MAX_PASSAGE_CHARS = 3_000;

const itemSchema = z.object({
  id: z.string(),
  trust: z.string(),
  question: z.string(),
  gold: z.array(z.string()),
  kind: z.string(),
});

/** One question of an evaluation set. */
export type EvalItem = z.infer<typeof itemSchema>;

/** The evaluation set's text normalisation: lower case, straight quotes, hyphens, no `*`, single spaces. */
export function normaliseForEval(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Rank (0-based) of the first cited passage that answers `item`, or -1 within the first 10. */
export function hitRank(item: EvalItem, answer: JsonAnswer): number {
  const gold = item.gold.map(normaliseForEval);
  return answer.citations.slice(0, 10).findIndex((c) => {
    if (c.trust !== item.trust || c.text.length > MAX_PASSAGE_CHARS) return false;
    const text = normaliseForEval(c.text);
    return gold.some((g) => text.includes(g));
  });
}

/** "2nd", "3rd", "11th"… */
function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Scores of one group of questions. */
export interface EvalScores {
  answerable: number;
  hit1: number;
  hit3: number;
  mrr: number;
  falseAbstentions: number;
  abstainable: number;
  abstained: number;
}

/** Score answers against their items. */
export function score(pairs: readonly { item: EvalItem; answer: JsonAnswer }[]): EvalScores {
  const s: EvalScores = { answerable: 0, hit1: 0, hit3: 0, mrr: 0, falseAbstentions: 0, abstainable: 0, abstained: 0 };
  for (const { item, answer } of pairs) {
    if (ABSTAIN_KINDS.has(item.kind)) {
      s.abstainable += 1;
      if (!answer.answered && answer.citations.length === 0) s.abstained += 1;
      continue;
    }
    s.answerable += 1;
    if (!answer.answered) s.falseAbstentions += 1;
    const rank = hitRank(item, answer);
    if (rank === 0) s.hit1 += 1;
    if (rank >= 0 && rank < 3) s.hit3 += 1;
    if (rank >= 0) s.mrr += 1 / (rank + 1);
  }
  return s;
}

function ratio(n: number, d: number): string {
  return d === 0 ? '   -' : (n / d).toFixed(2);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The scores as a table: overall, then per kind. */
export function formatScores(overall: EvalScores, byKind: Map<string, EvalScores>): string {
  const rows = [['group', 'n', 'hit@1', 'hit@3', 'MRR', 'abstain', 'false-abstain']];
  const row = (name: string, s: EvalScores): string[] => [
    name,
    String(s.answerable + s.abstainable),
    ratio(s.hit1, s.answerable),
    ratio(s.hit3, s.answerable),
    ratio(s.mrr, s.answerable),
    ratio(s.abstained, s.abstainable),
    ratio(s.falseAbstentions, s.answerable),
  ];
  rows.push(row('overall', overall));
  for (const [kind, s] of byKind) rows.push(row(kind, s));
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return `${rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ')).join('\n')}\n`;
}

/** The eval command. */
export const evalCommand: Command = async (args: string[], io: CliIo) => {
  const { values } = parseOptions(args, {
    file: { type: 'string' },
    lexical: { type: 'boolean' },
    thresholds: { type: 'boolean' },
    verbose: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const file = path.resolve(values.file ?? DEFAULT_EVAL_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AssistantError('USAGE', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const items = text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((line, i) => {
      const parsed = itemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new AssistantError('USAGE', `${file}:${i + 1}: not an evaluation item (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      return parsed.data;
    });

  const opened = performance.now();
  const kb = await openFromConfig(io, { lexical: values.lexical });
  const openMs = performance.now() - opened;

  const started = performance.now();
  const answered = await answerBatch(
    kb.answerer,
    items.map((i) => ({ id: i.id, trust: i.trust, question: i.question })),
    kb.trusts.map((t) => t.id),
  );
  const totalMs = performance.now() - started;
  const pairs = answered.map(({ question, answer }, i) => ({ item: items[i] as EvalItem, answer: toJsonAnswer(question.id, answer) }));

  const byKind = new Map<string, EvalScores>();
  for (const kind of [...new Set(items.map((i) => i.kind))]) byKind.set(kind, score(pairs.filter((p) => p.item.kind === kind)));
  const overall = score(pairs);

  // Per-question latency of answer(), measured separately so the batch above stays one code path.
  const latencies: number[] = [];
  for (const item of items) {
    const t0 = performance.now();
    await kb.answerer.answer(item.trust, item.question);
    latencies.push(performance.now() - t0);
  }

  if (values.json === true) {
    io.out(`${JSON.stringify({ file, semantic: kb.answerer.semantic, overall, byKind: Object.fromEntries(byKind), latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) } })}\n`);
    return EXIT.ok;
  }
  io.out(`${path.relative(process.cwd(), file) || file}: ${items.length} questions, ${kb.answerer.semantic ? 'lexical + semantic' : 'lexical only'}\n\n`);
  io.out(formatScores(overall, byKind));
  io.out(
    `\nopen ${openMs.toFixed(0)} ms${kb.rebuilt ? ' (index rebuilt)' : ''}; batch ${totalMs.toFixed(0)} ms; ` +
      `answer() p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms\n`,
  );

  if (values.verbose === true) {
    io.out('\nmisses (where the passage with a gold phrase was cited, if at all):\n');
    for (const { item, answer } of pairs) {
      const abstainKind = ABSTAIN_KINDS.has(item.kind);
      const rank = abstainKind ? 0 : hitRank(item, answer);
      const wrong = abstainKind ? answer.answered : rank !== 0;
      if (!wrong) continue;
      const top = answer.citations[0];
      const found = rank < 0 ? 'not cited' : `cited ${ordinal(rank + 1)}`;
      io.out(`  ${item.id} [${item.kind}] ${answer.answered ? `${abstainKind ? 'answered' : found}, top "${top?.heading ?? ''}"` : 'abstained'}: ${item.question}\n`);
    }
  }

  if (values.thresholds === true) {
    io.out('\nabstention trade-off (thresholds scaled from the defaults):\n  scale  strong  weak  none   abstain  false-abstain  hit@1\n');
    const explained = [];
    for (const item of items) explained.push({ item, e: await kb.answerer.explain(item.trust, item.question) });
    for (const scale of [0, 0.5, 0.75, 1, 1.25, 1.5, 2, 3]) {
      const d = DEFAULT_THRESHOLDS;
      const thresholds: CoverageThresholds = { ...d, strongAnchor: d.strongAnchor * scale, weakAnchor: d.weakAnchor * scale, weakAnchorClear: d.weakAnchorClear * scale, noAnchor: d.noAnchor * scale };
      let abstained = 0;
      let abstainable = 0;
      let falseAbstain = 0;
      let answerable = 0;
      let hit1 = 0;
      for (const { item, e } of explained) {
        const index = kb.answerer.indexFor(item.trust);
        const verdict = judgeCoverage(index, e.query, kb.answerer.glossary, e.ranked[0], thresholds);
        if (ABSTAIN_KINDS.has(item.kind)) {
          abstainable += 1;
          if (!verdict.covered) abstained += 1;
        } else {
          answerable += 1;
          const top = e.ranked[0] ? index.sections[e.ranked[0].index]?.section.text : undefined;
          if (!verdict.covered) falseAbstain += 1;
          else if (top !== undefined && item.gold.some((g) => normaliseForEval(top).includes(normaliseForEval(g)))) hit1 += 1;
        }
      }
      const cells = [scale.toFixed(2).padEnd(5), thresholds.strongAnchor.toFixed(2).padEnd(6), thresholds.weakAnchor.toFixed(2).padEnd(4), thresholds.noAnchor.toFixed(2).padEnd(5)];
      io.out(`  ${cells.join('  ')}  ${ratio(abstained, abstainable).padEnd(7)}  ${ratio(falseAbstain, answerable).padEnd(13)}  ${ratio(hit1, answerable)}\n`);
    }
  }
  return EXIT.ok;
};

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  process.exitCode = await runCommand(evalCommand, process.argv.slice(2), processIo);
}
