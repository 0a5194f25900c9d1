import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileDialogs } from '../../../src/dialogs/compile-dialogs.js';
import type { DialogDefinitionInput } from '../../../src/dialogs/definition-schema.js';
import type { DialogIssue } from '../../../src/dialogs/dialog-issues.js';
import { formatIssue } from '../../../src/dialogs/dialog-issues.js';
import { loadDialogs } from '../../../src/dialogs/load-dialogs.js';
import { isAssistantError } from '../../../src/errors.js';
import type { Knowledge } from '../../../src/knowledge/types.js';
import { bundled } from './bundled.js';

const FILE = 'knowledge/dialogs/fixture.json';

/** A small valid dialog citing the real Southport and Aspire policies. */
function fixture(): DialogDefinitionInput {
  return {
    id: 'fixture',
    title: 'Fixture',
    description: 'A dialog for validation tests.',
    trusts: ['southport', 'aspire'],
    triggers: [{ phrase: 'fixture', match: 'whole' }],
    start: 'ask',
    steps: [
      {
        id: 'ask',
        kind: 'question',
        title: 'Which?',
        prompt: 'Pick one.',
        choices: [
          { id: 'eal', label: 'EAL', next: 'decide', trusts: ['southport', 'aspire'] },
          { id: 'other', label: 'Other', next: 'decide' },
        ],
        citations: {
          southport: [{ heading: 'Factors that Impact Progress', quote: 'Attendance and Punctuality' }],
          aspire: [{ heading: 'EAL', quote: 'they may have SEND.' }],
        },
      },
      {
        id: 'decide',
        kind: 'branch',
        branches: [{ when: { ask: ['eal'] }, next: 'eal-outcome' }],
        otherwise: 'other-outcome',
      },
      {
        id: 'eal-outcome',
        kind: 'outcome',
        title: 'EAL',
        summary: 'Summary.',
        actions: ['Talk to your {sendco}.'],
        citations: {
          southport: [{ heading: 'Definition of Special Educational Needs', quote: 'Crucially, children must not be regarded as having a learning difficulty' }],
          aspire: { notCovered: 'Ask your {sendco}.' },
        },
      },
      {
        id: 'other-outcome',
        kind: 'outcome',
        title: 'Other',
        summary: 'Summary.',
        actions: ['Talk to your {sendco}.'],
        citations: { southport: { notCovered: 'Ask your {sendco}.' }, aspire: { notCovered: 'Ask your {sendco}.' } },
      },
    ],
  };
}

type Fixture = DialogDefinitionInput;

let knowledge: Knowledge;
beforeAll(async () => {
  ({ knowledge } = await bundled());
});

function issuesOf(json: unknown): DialogIssue[] {
  return compileDialogs([{ file: FILE, json }], knowledge).issues;
}

/** The issue with these fields whose message holds `text`; fails listing every issue when there is none. */
function expectIssue(issues: readonly DialogIssue[], fields: Partial<DialogIssue>, text: string): void {
  const found = issues.find((i) => Object.entries(fields).every(([k, v]) => i[k as keyof DialogIssue] === v) && i.message.includes(text));
  expect(found, `${JSON.stringify(fields)} "${text}" among:\n${issues.map(formatIssue).join('\n')}`).toBeDefined();
}

function step(def: Fixture, id: string): Fixture['steps'][number] {
  const found = def.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

describe('dialog validation', () => {
  it('accepts a dialog whose citations are all found in the trusts’ policies', () => {
    const { dialogs, issues } = compileDialogs([{ file: FILE, json: fixture() }], knowledge);
    expect(issues.map(formatIssue)).toEqual([]);
    expect(dialogs).toHaveLength(1);
  });

  it('rejects a quote that is not in the trust’s policy, naming file, dialog, step, trust and field', () => {
    const def = fixture();
    const ask = step(def, 'ask');
    if (ask.kind !== 'question') throw new Error('fixture changed');
    ask.citations.southport = [{ heading: 'Factors that Impact Progress', quote: 'Attendance does not matter' }];
    const issues = issuesOf(def);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: FILE, dialog: 'fixture', step: 'ask', trust: 'southport', field: 'steps[0].citations.southport[0].quote' });
    expect(formatIssue(issues[0] as DialogIssue)).toMatch(
      /^knowledge\/dialogs\/fixture\.json: dialog "fixture", step "ask", trust "southport", field .*quote not found under "Factors that Impact Progress" in southport's policy: "Attendance does not matter"$/,
    );
  });

  it('rejects a quote from another trust’s policy', () => {
    const def = fixture();
    const ask = step(def, 'ask');
    if (ask.kind !== 'question') throw new Error('fixture changed');
    // Southport's sentence, cited for Aspire under a heading Aspire has.
    ask.citations.aspire = [{ heading: 'EAL', quote: 'Attendance and Punctuality' }];
    const issues = issuesOf(def);
    expect(issues).toHaveLength(1);
    expectIssue(issues, { step: 'ask', trust: 'aspire' }, 'quote not found');
  });

  it('rejects a heading the trust’s policy does not have', () => {
    const def = fixture();
    const ask = step(def, 'ask');
    if (ask.kind !== 'question') throw new Error('fixture changed');
    ask.citations.aspire = [{ heading: 'Factors that Impact Progress', quote: 'they may have SEND.' }];
    const issues = issuesOf(def);
    expect(issues).toHaveLength(1);
    expectIssue(issues, { step: 'ask', trust: 'aspire', field: 'steps[0].citations.aspire[0].heading' }, 'no section');
  });

  it('points out where a quote is when it is under another heading', () => {
    const def = fixture();
    const ask = step(def, 'ask');
    if (ask.kind !== 'question') throw new Error('fixture changed');
    ask.citations.aspire = [{ heading: 'Safeguarding', quote: 'they may have SEND.' }];
    expect(issuesOf(def)[0]?.message).toContain('(it is under "SEND Support > EAL")');
  });

  it('rejects a branch that dead-ends for a trust, naming the step and the trust', () => {
    const def = fixture();
    const ask = step(def, 'ask');
    if (ask.kind !== 'question') throw new Error('fixture changed');
    // Neither choice is offered to Southport any more.
    ask.choices = [
      { id: 'eal', label: 'EAL', next: 'decide', trusts: ['aspire'] },
      { id: 'other', label: 'Other', next: 'decide', trusts: ['aspire'] },
    ];
    const issues = issuesOf(def);
    expectIssue(issues, { file: FILE, dialog: 'fixture', step: 'ask', trust: 'southport' }, 'dead end');
    expect(issues.some((i) => i.trust === 'aspire')).toBe(false);
  });

  it('rejects an unreachable step for every trust, naming it', () => {
    const def = fixture();
    def.steps.push({
      id: 'orphan',
      kind: 'outcome',
      title: 'Orphan',
      summary: 'Never shown.',
      actions: ['Nothing.'],
      citations: { southport: { notCovered: 'Ask your {sendco}.' }, aspire: { notCovered: 'Ask your {sendco}.' } },
    });
    const issues = issuesOf(def);
    expect(issues).toHaveLength(2);
    expectIssue(issues, { file: FILE, dialog: 'fixture', step: 'orphan', trust: 'southport' }, 'unreachable');
    expectIssue(issues, { file: FILE, dialog: 'fixture', step: 'orphan', trust: 'aspire' }, 'unreachable');
  });

  it('rejects a step only another trust’s choices lead to', () => {
    const def = fixture();
    const ask = step(def, 'ask');
    if (ask.kind !== 'question') throw new Error('fixture changed');
    ask.choices = [
      { id: 'eal', label: 'EAL', next: 'decide', trusts: ['aspire'] },
      { id: 'other', label: 'Other', next: 'decide' },
    ];
    const issues = issuesOf(def);
    expect(issues).toHaveLength(1);
    expectIssue(issues, { step: 'eal-outcome', trust: 'southport' }, 'unreachable');
  });

  it('rejects a choice pointing to a missing step', () => {
    const def = fixture();
    const ask = step(def, 'ask');
    if (ask.kind !== 'question') throw new Error('fixture changed');
    ask.choices[1] = { id: 'other', label: 'Other', next: 'nowhere' };
    expectIssue(issuesOf(def), { step: 'ask', choice: 'other', field: 'steps[0].choices[1].next' }, 'points to step "nowhere", which does not exist');
  });

  it('rejects a loop that never reaches an outcome', () => {
    const def = fixture();
    const ask = step(def, 'ask');
    if (ask.kind !== 'question') throw new Error('fixture changed');
    ask.choices[1] = { id: 'other', label: 'Other', next: 'ask' };
    expectIssue(issuesOf(def), { step: 'ask', trust: 'southport' }, 'loop');
  });

  it('requires citations, or a not-covered note, for every trust on every step', () => {
    const def = fixture();
    const outcome = step(def, 'other-outcome');
    if (outcome.kind !== 'outcome') throw new Error('fixture changed');
    outcome.citations = { southport: { notCovered: 'Ask your {sendco}.' } };
    const issues = issuesOf(def);
    expect(issues).toHaveLength(1);
    expectIssue(issues, { step: 'other-outcome', trust: 'aspire', field: 'steps[3].citations.aspire' }, 'has no citations');
  });

  it('rejects trusts that are not in the registry', () => {
    const def = fixture();
    def.trusts.push('atlantis');
    expectIssue(issuesOf(def), { trust: 'atlantis' }, 'trust "atlantis" is not in the trust registry');
  });

  it('rejects a placeholder other than {sendco} and {trust}', () => {
    const def = fixture();
    const outcome = step(def, 'other-outcome');
    if (outcome.kind !== 'outcome') throw new Error('fixture changed');
    outcome.actions = ['Talk to your {senco}.'];
    const issues = issuesOf(def);
    expect(issues).toHaveLength(1);
    expectIssue(issues, { field: 'steps[3].actions[0]' }, 'unknown placeholder {senco}');
  });

  it('rejects a trigger phrase another dialog already uses', () => {
    const other = { ...fixture(), id: 'other' };
    other.triggers = [{ phrase: 'Fixture!', match: 'contains' }];
    const { issues } = compileDialogs(
      [
        { file: FILE, json: fixture() },
        { file: 'knowledge/dialogs/other.json', json: other },
      ],
      knowledge,
    );
    expect(issues).toHaveLength(1);
    expectIssue(issues, { file: 'knowledge/dialogs/other.json', dialog: 'other', field: 'triggers[0]' }, 'also starts dialog "fixture"');
  });

  it('names the field path of a schema error', () => {
    const def = JSON.parse(JSON.stringify(fixture()).replace('"next":"decide",', '')) as unknown;
    const issues = issuesOf(def);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ dialog: 'fixture', step: 'ask', field: 'steps[0].choices[0].next' });
  });

  it('stops loading with DIALOG_INVALID naming the file when a definition is wrong', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialogs-'));
    try {
      const def = fixture();
      const ask = step(def, 'ask');
      if (ask.kind !== 'question') throw new Error('fixture changed');
      ask.citations.southport = [{ heading: 'Factors that Impact Progress', quote: 'Attendance does not matter' }];
      fs.writeFileSync(path.join(dir, 'fixture.json'), JSON.stringify(def));
      let thrown: unknown;
      try {
        loadDialogs(dir, knowledge);
      } catch (error) {
        thrown = error;
      }
      expect(isAssistantError(thrown, 'DIALOG_INVALID')).toBe(true);
      expect(String((thrown as Error).message)).toMatch(/fixture\.json: dialog "fixture", step "ask", trust "southport"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a file that is not JSON by name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialogs-'));
    try {
      fs.writeFileSync(path.join(dir, 'broken.json'), '{ "id": ');
      expect(() => loadDialogs(dir, knowledge)).toThrow(/broken\.json is not valid JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
