/**
 * `knowledge list`: the trust registry with each policy's sections and review status.
 */
import { fixedClock, systemClock, type Clock } from '../clock.js';
import { AssistantError } from '../errors.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { trustById } from '../knowledge/registry.js';
import { parsePolicyDate } from '../knowledge/policy-dates.js';
import { policyStatus, today } from '../knowledge/policy-status.js';
import type { Knowledge } from '../knowledge/types.js';
import { EXIT, parseOptions, type Command } from './cli-io.js';

/** Usage of `knowledge list`. */
export const listUsage = 'knowledge list [--trust ID] [--dir KNOWLEDGE_DIR] [--today YYYY-MM-DD] [--json]';

/** One trust in the `list --json` output. */
export interface ListedTrust {
  id: string;
  displayName: string;
  tenantIds: string[];
  policies: {
    file: string;
    title: string;
    policyDate: string | null;
    reviewDate: string | null;
    /** Null when the policy states no review date. */
    pastReview: boolean | null;
    sections: number;
  }[];
}

/** The registry with section counts and review status as of the clock's day. */
export function listTrusts(knowledge: Knowledge, clock: Clock): ListedTrust[] {
  return knowledge.trusts.map((trust) => ({
    id: trust.id,
    displayName: trust.displayName,
    tenantIds: trust.tenantIds,
    policies: knowledge.documents
      .filter((doc) => doc.trust === trust.id)
      .map((doc) => ({
        file: doc.file,
        title: doc.title,
        policyDate: doc.policyDate ?? null,
        reviewDate: doc.reviewDate ?? null,
        pastReview: policyStatus(doc, clock).pastReview,
        sections: doc.sections.length,
      })),
  }));
}

/** The registry as a table. */
export function listTable(trusts: ListedTrust[], asOf: string): string {
  const header = ['trust', 'policy', 'sections', 'policy date', 'next review', 'status'];
  const rows = trusts.flatMap((trust) =>
    trust.policies.map((p) => [
      trust.id,
      p.file,
      String(p.sections),
      p.policyDate ?? '-',
      p.reviewDate ?? 'not stated',
      p.pastReview === null ? 'review date unknown' : p.pastReview ? 'PAST REVIEW' : 'current',
    ]),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n\nreview status as of ${asOf}\n`;
}

/** `knowledge list [--trust ID] [--dir DIR] [--today YYYY-MM-DD] [--json]`. */
export const listCommand: Command = async (args, io) => {
  const { values, positionals } = parseOptions(args, {
    trust: { type: 'string' },
    dir: { type: 'string' },
    today: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw new AssistantError('USAGE', `unexpected argument "${positionals[0]}": ${listUsage}`);
  const config = io.config();
  const asOf = values.today ?? config.knowledge.today;
  if (asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || parsePolicyDate(asOf) !== asOf)) {
    throw new AssistantError('USAGE', `--today "${asOf}" is not a date like 2026-11-25`);
  }
  const clock: Clock = asOf === undefined ? systemClock : fixedClock(asOf);
  const knowledge = await loadKnowledge(values.dir ?? config.knowledge.dir);
  let trusts = listTrusts(knowledge, clock);
  if (values.trust !== undefined) {
    const wanted = trustById(knowledge.trusts, values.trust);
    trusts = trusts.filter((t) => t.id === wanted.id);
  }
  io.out(values.json ? `${JSON.stringify(trusts, null, 2)}\n` : listTable(trusts, today(clock)));
  return EXIT.ok;
};
