import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDialogs } from '../../../src/dialogs/load-dialogs.js';
import { explorePaths } from '../../../src/dialogs/dialog-paths.js';
import { formatIssue } from '../../../src/dialogs/dialog-issues.js';
import type { DialogCatalogue } from '../../../src/dialogs/dialog-catalogue.js';
import { READ, SKIPPED } from '../../../src/dialogs/types.js';
import type { DialogAnswer, DialogInput, DialogView, ViewCitation } from '../../../src/dialogs/types.js';
import type { Knowledge, Section, Trust } from '../../../src/knowledge/types.js';
import { bundled, dialogsDir, knowledgeDir } from './bundled.js';

const TRUSTS = ['southport', 'drb-ignite', 'aspire', 'leading-learners', 'mosaic'];
const DIALOGS = ['send-or-other', 'next-step', 'induction', 'parent-concern'];

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The outcome each dialog's rules call for, written out independently of the branch data. */
const expectedOutcome: Record<string, (answers: Map<string, string>) => string> = {
  'send-or-other': (a) => {
    const duration = a.get('duration');
    const noFactor = a.get('factor') === 'none';
    if (duration === 'term-progressing') return 'keep-going';
    if (duration === 'term-little-progress') return noFactor ? 'possible-sen' : 'factor-and-possible-sen';
    return noFactor ? 'adapt-first' : 'likely-other-factor';
  },
  'next-step': (a) => {
    const byStage: Record<string, string> = {
      concern: 'after-concern',
      'ehc-requested': 'during-assessment',
      ehcp: 'ehcp-in-place',
      'annual-review': 'annual-review',
    };
    const byCycle: Record<string, string> = {
      progressing: 'cycle-progressing',
      'first-little': 'cycle-again',
      'repeated-little': 'consider-ehc',
      'outcomes-met': 'exit',
    };
    const byMove: Record<string, string> = {
      'early-years': 'transition-early-years',
      'between-schools': 'transition-between-schools',
      'within-school': 'transition-within-school',
      adulthood: 'transition-adulthood',
    };
    const stage = a.get('stage') ?? '';
    if (stage === 'sen-support') return byCycle[a.get('cycle') ?? ''] ?? 'none';
    if (stage === 'transition') return byMove[a.get('transition-kind') ?? ''] ?? 'none';
    return byStage[stage] ?? 'none';
  },
  induction: () => 'finish',
  'parent-concern': (a) =>
    ({ 'worried-needs': 'parent-worried', 'unhappy-support': 'unhappy-support', formal: 'formal-complaint', 'la-decision': 'la-decision' })[
      a.get('raised') ?? ''
    ] ?? 'none',
};

/** Pages of the induction tour per role. */
const TOUR_PAGES: Record<string, number> = { 'class-teacher': 5, 'teaching-assistant': 4, sendco: 6, governor: 4, pastoral: 4 };

function inputFor(answer: DialogAnswer): DialogInput {
  if (answer.answer === READ) return { kind: 'nav', nav: 'next', step: answer.step };
  if (answer.answer === SKIPPED) return { kind: 'nav', nav: 'skip', step: answer.step };
  return { kind: 'choice', choice: answer.answer, step: answer.step };
}

let knowledge: Knowledge;
let catalogue: DialogCatalogue;
let sections: Map<string, Section>;
let rawPolicy: Map<string, string>;

beforeAll(async () => {
  ({ knowledge, catalogue } = await bundled());
  sections = new Map(knowledge.documents.flatMap((d) => d.sections.map((s) => [s.id, s] as const)));
  rawPolicy = new Map(
    knowledge.trusts.map((t) => [t.id, norm(t.policies.map((p) => fs.readFileSync(path.join(knowledgeDir, p.file), 'utf8')).join('\n'))]),
  );
});

/** Every quote is verbatim in a section of the trust's own policy, found by id, and in the source file itself. */
function expectGrounded(citations: readonly ViewCitation[], trust: Trust): void {
  for (const c of citations) {
    if (c.kind === 'gap') {
      expect(c.text).toContain(trust.sendcoRole);
      expect(c.text).not.toMatch(/\{\w+\}/);
      continue;
    }
    const section = sections.get(c.sectionId);
    expect(section, `section ${c.sectionId}`).toBeDefined();
    expect(section?.trust).toBe(trust.id);
    expect(norm(section?.text ?? '')).toContain(norm(c.quote));
    expect(section?.text).toContain(c.quote);
    expect(section?.headingPath).toEqual(c.headingPath);
    expect(knowledge.documents.find((d) => d.sections.includes(section as Section))?.title).toBe(c.document);
    expect(rawPolicy.get(trust.id)).toContain(norm(c.quote));
  }
}

describe('bundled guided dialogs', () => {
  it('load with no validation problems', () => {
    const { dialogs, issues } = checkDialogs(dialogsDir, knowledge);
    expect(issues.map(formatIssue)).toEqual([]);
    expect(dialogs.map((d) => d.id).sort()).toEqual([...DIALOGS].sort());
  });

  it('are offered to every trust', () => {
    for (const trust of TRUSTS) expect(catalogue.list(trust).map((d) => d.id).sort()).toEqual([...DIALOGS].sort());
  });

  describe.each(DIALOGS)('%s', (dialogId) => {
    it.each(TRUSTS)('walks every path for %s to the outcome its rules call for, quoting only that trust’s policy', (trustId) => {
      const definition = catalogue.get(dialogId);
      const trust = knowledge.trusts.find((t) => t.id === trustId);
      if (definition === undefined || trust === undefined) throw new Error('bundled data missing');
      const walk = explorePaths(definition, trustId);
      expect(walk.problems).toEqual([]);
      expect(walk.truncated).toBe(false);
      expect(walk.paths.length).toBeGreaterThan(0);

      for (const route of walk.paths) {
        let state = catalogue.start(dialogId, trustId);
        const views: DialogView[] = [catalogue.view(state)];
        for (const answer of route.answers) {
          const result = catalogue.step(state, inputFor(answer));
          expect(result.status).toBe('moved');
          if (result.status !== 'moved') return;
          state = result.state;
          views.push(catalogue.view(state));
        }
        const outcome = views.at(-1);
        const answers = new Map(route.answers.map((a) => [a.step, a.answer]));
        expect(outcome?.step.kind).toBe('outcome');
        expect(outcome?.step.id).toBe(route.outcome);
        expect(route.outcome).toBe(expectedOutcome[dialogId]?.(answers));
        // Every step on the way and the outcome cite this trust's policy, or say what it leaves out.
        for (const view of views) {
          expect(view.citations.length, `${view.step.id} has citations for ${trustId}`).toBeGreaterThan(0);
          expectGrounded(view.citations, trust);
          for (const a of view.answers ?? []) expectGrounded(a.citations, trust);
          expect(JSON.stringify(view)).not.toMatch(/\{(sendco|trust)\}/);
        }
        expect(outcome?.nextSteps?.length).toBeGreaterThan(0);
        if (dialogId === 'induction') {
          const role = answers.get('role') ?? '';
          expect(outcome?.tour?.read.length).toBe(TOUR_PAGES[role]);
        }
      }
    });
  });

  it('offers each trust only the factors its own policy lists as not SEN', () => {
    const offered = (trust: string): string[] => {
      const view = catalogue.view(catalogue.start('send-or-other', trust));
      return view.actions.flatMap((a) => (a.kind === 'choice' ? [a.id] : []));
    };
    expect(offered('southport')).toEqual(
      expect.arrayContaining(['attendance', 'health', 'disability', 'eal', 'pupil-premium', 'looked-after', 'service-family', 'young-carer', 'trauma', 'behaviour', 'none']),
    );
    expect(offered('drb-ignite')).toEqual(['attendance', 'health', 'disability', 'eal', 'poverty', 'pupil-premium', 'looked-after', 'none']);
    expect(offered('aspire')).toEqual(['eal', 'life-event', 'none']);
    expect(offered('leading-learners')).toEqual(['other-factor', 'none']);
    expect(offered('mosaic')).toEqual(['other-factor', 'none']);
  });

  it('gives the statutory timescales the policies state', () => {
    const outcomeQuotes = (trust: string, answers: Array<[string, string]>): string => {
      let state = catalogue.start('next-step', trust);
      for (const [step, choice] of answers) {
        const r = catalogue.step(state, { kind: 'choice', choice, step });
        if (r.status !== 'moved') throw new Error(`cannot answer ${step}`);
        state = r.state;
      }
      return catalogue
        .view(state)
        .citations.map((c) => (c.kind === 'quote' ? c.quote : c.text))
        .join('\n');
    };
    expect(outcomeQuotes('drb-ignite', [['stage', 'ehc-requested']])).toContain('within 20 weeks');
    expect(outcomeQuotes('aspire', [['stage', 'ehc-requested']])).toContain('within six weeks');
    expect(outcomeQuotes('aspire', [['stage', 'annual-review']])).toContain('at least two weeks’ notice');
    expect(outcomeQuotes('southport', [['stage', 'sen-support'], ['cycle', 'repeated-little']])).toContain('a minimum of two full cycles');
    expect(outcomeQuotes('southport', [['stage', 'transition'], ['transition-kind', 'adulthood']])).toContain('by Year 9 at the latest');
    expect(outcomeQuotes('leading-learners', [['stage', 'annual-review']])).toContain('Ask your SENCO');
  });
});
