/**
 * `npm run dialogs -- <command>`: tools for the guided dialog definitions.
 *
 *   check               validate every definition against the policies (exit 1 on problems)
 *   coverage [--trust]  per trust, which steps its policy covers and which fall back to its SENDCo
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.js';
import { AssistantError, isAssistantError } from '../errors.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import type { Knowledge } from '../knowledge/types.js';
import { dialogCoverage } from './dialog-citations.js';
import { formatIssue } from './dialog-issues.js';
import { checkDialogs } from './load-dialogs.js';
import type { DialogDefinition } from './types.js';

const usage = `usage:
  npm run dialogs -- check                 validate the dialogs against every trust's policy
  npm run dialogs -- coverage [--trust ID] which steps each trust's policy covers`;

/** Where the tool writes, and the knowledge folder it reads. */
export interface DialogsCliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  knowledgeDir: () => string;
}

const processIo: DialogsCliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  knowledgeDir: () => loadConfig().knowledge.dir,
};

async function load(io: DialogsCliIo): Promise<{ knowledge: Knowledge; dir: string }> {
  const dir = io.knowledgeDir();
  return { knowledge: await loadKnowledge(dir), dir: path.join(dir, 'dialogs') };
}

/** The coverage report as text: per trust, per dialog, each step's coverage and the gaps. */
export function coverageReport(dialogs: readonly DialogDefinition[], knowledge: Knowledge, trusts?: readonly string[]): string {
  const lines: string[] = [];
  for (const trust of knowledge.trusts) {
    if (trusts && !trusts.includes(trust.id)) continue;
    lines.push(`${trust.id} (${trust.displayName}; ask: ${trust.sendcoRole})`);
    for (const definition of dialogs.filter((d) => d.trusts.includes(trust.id))) {
      const steps = dialogCoverage(definition, trust.id);
      const count = (c: string): number => steps.filter((s) => s.coverage === c).length;
      lines.push(`  ${definition.id}: ${count('covered')} covered, ${count('partial')} partly covered, ${count('not-covered')} not covered (of ${steps.length})`);
      for (const step of steps.filter((s) => s.coverage !== 'covered')) {
        lines.push(`    ${step.coverage === 'partial' ? 'partly' : 'not covered'}  ${step.step}: ${step.gaps.join(' | ').replaceAll('{sendco}', trust.sendcoRole)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Run the tool; resolves to the exit code (0 ok, 1 problems, 2 usage). */
export async function main(argv: string[], io: DialogsCliIo = processIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    const { values } = parseArgs({ args: rest, options: { trust: { type: 'string', multiple: true } }, strict: true });
    switch (command) {
      case 'check': {
        const { knowledge, dir } = await load(io);
        const { dialogs, issues } = checkDialogs(dir, knowledge);
        if (issues.length > 0) {
          io.err(`${issues.map(formatIssue).join('\n')}\n${issues.length} problem(s)\n`);
          return 1;
        }
        io.out(`${dialogs.length} dialogs valid for ${knowledge.trusts.length} trusts: ${dialogs.map((d) => d.id).join(', ')}\n`);
        return 0;
      }
      case 'coverage': {
        const { knowledge, dir } = await load(io);
        const { dialogs, issues } = checkDialogs(dir, knowledge);
        if (issues.length > 0) throw new AssistantError('DIALOG_INVALID', `${issues.length} problem(s); run "npm run dialogs -- check"`);
        const unknown = values.trust?.filter((t) => !knowledge.trusts.some((k) => k.id === t));
        if (unknown && unknown.length > 0) throw new AssistantError('TRUST_UNKNOWN', `no trust ${unknown.map((t) => `"${t}"`).join(', ')} in the trust registry`);
        io.out(coverageReport(dialogs, knowledge, values.trust));
        return 0;
      }
      default:
        io.err(`${command === undefined ? '' : `unknown command "${command}"\n`}${usage}\n`);
        return 2;
    }
  } catch (error) {
    if (isAssistantError(error)) {
      io.err(`${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error) {
      io.err(`${error.message}\n${usage}\n`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
