import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { loadKnowledge, loadPolicy, parsePolicyDate, policyStatus, readPolicyDates } from '../../../src/knowledge/index.js';

const knowledgeDir = path.resolve(import.meta.dirname, '../../../knowledge');

describe('parsePolicyDate', () => {
  it('reads month-only dates as the first of the month', () => {
    expect(parsePolicyDate('December 2025')).toBe('2025-12-01');
    expect(parsePolicyDate('Sept 2024')).toBe('2024-09-01');
  });

  it('reads numeric dates day first, as UK policies write them', () => {
    expect(parsePolicyDate('1.10.2025')).toBe('2025-10-01');
    expect(parsePolicyDate('03/02/2026')).toBe('2026-02-03');
    expect(parsePolicyDate('21st March 2025')).toBe('2025-03-21');
    expect(parsePolicyDate('2026-06-30')).toBe('2026-06-30');
  });

  it('rejects dates that do not exist', () => {
    expect(parsePolicyDate('31.02.2026')).toBeUndefined();
    expect(parsePolicyDate('Smarch 2026')).toBeUndefined();
  });
});

describe('readPolicyDates', () => {
  it('reads each bundled policy’s stated dates', async () => {
    const { documents } = await loadKnowledge(knowledgeDir);
    const dates = Object.fromEntries(documents.map((d) => [d.trust, [d.policyDate ?? null, d.reviewDate ?? null]]));
    expect(dates).toEqual({
      // "Policy Approved: December 2025 / Policy Renewal: December 2026"
      southport: ['2025-12-01', '2026-12-01'],
      // "Date approved October 2022 / Next review October 2024"
      'drb-ignite': ['2022-10-01', '2024-10-01'],
      // "Updated 1.10.2025", and "reviewed on an annual basis"
      aspire: ['2025-10-01', '2026-10-01'],
      // "reviewed on an annual basis" but no date the policy was approved
      'leading-learners': [null, null],
      // "New Policy: September 2024 / Updated Policy: December 2024 / Date of Next Review: June 2026"
      mosaic: ['2024-12-01', '2026-06-01'],
    });
  });

  it('derives the review date from an annual review only when the policy says so', () => {
    expect(readPolicyDates('Approved: 3 March 2025\nThis policy is reviewed annually.')).toEqual({
      policyDate: '2025-03-03',
      reviewDate: '2026-03-03',
      reviewFrom: 'annual',
    });
    expect(readPolicyDates('Approved: 3 March 2025\nThis policy is reviewed regularly.')).toEqual({ policyDate: '2025-03-03' });
  });

  it('prefers a stated review date over the annual rule', () => {
    expect(readPolicyDates('Date approved May 2024\nNext review: July 2025\nreviewed annually').reviewDate).toBe('2025-07-01');
  });
});

describe('registry date overrides', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('win over the dates and title read from the text', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dates-'));
    await mkdir(path.join(dir, 'policies'));
    await writeFile(path.join(dir, 'policies/p.md'), '# Old Policy\n\nPolicy Approved: May 2020\nNext review: May 2021\n\n## 1. Aims\n\nText.\n');
    const trust = { id: 't', displayName: 'T Trust', tenantIds: [], sendcoRole: 'SENCO', policies: [] };
    const doc = await loadPolicy(dir, trust, { file: 'policies/p.md', title: 'T SEND Policy', policyDate: '2025-09-01', reviewDate: '2026-09-01' });
    expect([doc.title, doc.policyDate, doc.reviewDate]).toEqual(['T SEND Policy', '2025-09-01', '2026-09-01']);
    expect(doc.sections.every((s) => s.document === 'T SEND Policy')).toBe(true);
  });
});

describe('policyStatus', () => {
  const doc = { reviewDate: '2026-06-01' };

  it('is not past review up to and on the review date', () => {
    expect(policyStatus(doc, fixedClock('2026-05-31'))).toEqual({ pastReview: false, reviewDate: '2026-06-01' });
    expect(policyStatus(doc, fixedClock('2026-06-01')).pastReview).toBe(false);
  });

  it('is past review from the day after, counting the days', () => {
    expect(policyStatus(doc, fixedClock('2026-06-11'))).toEqual({ pastReview: true, reviewDate: '2026-06-01', daysPastReview: 10 });
  });

  it('is unknown when the policy states no review date', () => {
    expect(policyStatus({}, fixedClock('2030-01-01'))).toEqual({ pastReview: null });
  });
});
