/**
 * `knowledge inspect PATH`: how one policy file of any supported form parses.
 */
import path from 'node:path';
import { AssistantError } from '../errors.js';
import { parsePolicyFile } from '../knowledge/policy-file.js';
import type { PolicyDocument } from '../knowledge/types.js';
import { EXIT, parseOptions, type Command } from './cli-io.js';

/** Usage of `knowledge inspect`. */
export const inspectUsage = 'knowledge inspect PATH [--trust ID] [--json]';

/** The JSON printed by `inspect --json`. */
export function inspectJson(doc: PolicyDocument): object {
  return {
    title: doc.title,
    policyDate: doc.policyDate ?? null,
    reviewDate: doc.reviewDate ?? null,
    sections: doc.sections.map((s) => ({ id: s.id, headingPath: s.headingPath, text: s.text })),
  };
}

const number = (n: number): string => n.toLocaleString('en-GB');

/** A readable outline: the heading tree with each section's size in characters. */
export function inspectOutline(doc: PolicyDocument): string {
  const sizes = doc.sections.map((s) => s.text.length);
  const lines = [
    `${doc.title}  (${doc.file})`,
    `policy date ${doc.policyDate ?? 'not stated'} · next review ${doc.reviewDate ?? 'not stated'}`,
    `${doc.sections.length} sections, ${number(sizes.reduce((a, b) => a + b, 0))} characters, largest ${number(Math.max(0, ...sizes))}`,
    '',
  ];
  const rows = doc.sections.map((s) => {
    const heading = s.headingPath.at(-1) ?? '';
    const label = `${'  '.repeat(Math.max(0, s.headingPath.length - 1))}${s.ownsHeading ? heading : `${heading} (continued)`}`;
    return { label, size: number(s.text.length), id: s.id.split('/').at(-1) ?? '' };
  });
  const width = Math.min(90, Math.max(...rows.map((r) => r.label.length)));
  for (const row of rows) {
    const label = row.label.length > width ? `${row.label.slice(0, width - 1)}…` : row.label;
    lines.push(`${row.id.padStart(3)}  ${label.padEnd(width)}  ${row.size.padStart(6)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `knowledge inspect PATH [--trust ID] [--json]`. */
export const inspectCommand: Command = async (args, io) => {
  const { values, positionals } = parseOptions(args, {
    trust: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new AssistantError('USAGE', `expected one policy file: ${inspectUsage}`);
  }
  const file = positionals[0];
  const doc = await parsePolicyFile(path.resolve(file), { trust: values.trust ?? 'inspect', file });
  io.out(values.json ? `${JSON.stringify(inspectJson(doc), null, 2)}\n` : inspectOutline(doc));
  return EXIT.ok;
};
