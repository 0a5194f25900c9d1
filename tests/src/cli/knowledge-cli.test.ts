import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/knowledge.js';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { loadConfig } from '../../../src/config.js';
import { wordPolicy } from '../../fixtures/policies/policy-fixtures.js';

const root = path.resolve(import.meta.dirname, '../../..');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    config: () => loadConfig({ KNOWLEDGE_DIR: path.join(root, 'knowledge') }),
  };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('knowledge list', () => {
  it('prints the registry with section counts and review status as of --today', async () => {
    const { code, out } = await run('list', '--json', '--today', '2026-07-01');
    expect(code).toBe(0);
    const trusts: unknown = JSON.parse(out);
    expect(trusts).toMatchObject([
      { id: 'southport', displayName: 'Southport Learning Trust', policies: [{ file: 'policies/southport.md', reviewDate: '2026-12-01', pastReview: false }] },
      { id: 'drb-ignite', policies: [{ reviewDate: '2024-10-01', pastReview: true }] },
      { id: 'aspire', policies: [{ title: 'Special Educational Needs and Disabilities (SEND) Policy', pastReview: false }] },
      { id: 'leading-learners', policies: [{ policyDate: null, reviewDate: null, pastReview: null }] },
      { id: 'mosaic', tenantIds: ['f7b2c9e4-3d81-4a65-b0c3-5e9d1a7f2b48'], policies: [{ reviewDate: '2026-06-01', pastReview: true }] },
    ]);
    for (const trust of trusts as { policies: { sections: number }[] }[]) expect(trust.policies[0]?.sections).toBeGreaterThan(10);
  });

  it('prints a table without --json', async () => {
    const { code, out } = await run('list', '--today', '2026-07-01');
    expect(code).toBe(0);
    expect(out).toMatch(/^trust\s+policy\s+sections/);
    expect(out).toMatch(/drb-ignite\s+policies\/drb-ignite\.txt\s+\d+\s+2022-10-01\s+2024-10-01\s+PAST REVIEW/);
    expect(out).toContain('review status as of 2026-07-01');
  });

  it('lists one trust with --trust, and names an unknown trust', async () => {
    const one = await run('list', '--trust', 'aspire', '--json');
    expect((JSON.parse(one.out) as { id: string }[]).map((t) => t.id)).toEqual(['aspire']);
    const unknown = await run('list', '--trust', 'atlantis');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^TRUST_UNKNOWN: no trust "atlantis" in the registry \(known: southport, drb-ignite, aspire, leading-learners, mosaic\)/);
  });

  it('rejects an impossible --today as a usage error', async () => {
    const { code, err } = await run('list', '--today', '2026-02-30');
    expect(code).toBe(2);
    expect(err).toMatch(/^USAGE: --today "2026-02-30" is not a date/);
  });
});

describe('knowledge inspect', () => {
  it('prints how one policy file parses, with ids under the --trust given', async () => {
    const { code, out } = await run('inspect', path.join(root, 'knowledge/policies/southport.md'), '--trust', 'southport', '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { title: string; policyDate: string; sections: { id: string; headingPath: string[]; text: string }[] };
    expect(parsed.title).toBe('SEND POLICY');
    expect(parsed.policyDate).toBe('2025-12-01');
    expect(parsed.sections[0]?.id).toBe('southport/southport/0');
    expect(parsed.sections.map((s) => s.headingPath.at(-1))).toContain('8. Factors that Impact Progress but are Not SEND');
  });

  it('names sections "inspect/…" when no trust is given, and prints an outline without --json', async () => {
    const json = await run('inspect', path.join(root, 'knowledge/policies/leading-learners.txt'), '--json');
    expect((JSON.parse(json.out) as { sections: { id: string }[] }).sections[0]?.id).toBe('inspect/leading-learners/0');
    const { out } = await run('inspect', path.join(root, 'knowledge/policies/leading-learners.txt'));
    expect(out).toMatch(/\n\s+\d+\s+2\.0 Scope and purpose of this policy\s+[\d,]+\n/);
    expect(out).toMatch(/\n\s+\d+\s{4}2\.6 Legal Framework\s+[\d,]+\n/);
  });

  it('reads Word files too', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'inspect-'));
    try {
      await writeFile(path.join(dir, 'policy.docx'), await wordPolicy());
      const { code, out } = await run('inspect', path.join(dir, 'policy.docx'));
      expect(code).toBe(0);
      expect(out).toMatch(/^Example Learning Trust SEND Policy {2}\(/);
      expect(out).toMatch(/\n\s+\d+\s{4}The SENCO\s+\d+\n/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing file as CODE: message and exit 1', async () => {
    const { code, err } = await run('inspect', 'no-such-policy.md');
    expect(code).toBe(1);
    expect(err).toBe('KNOWLEDGE_FILE_UNREADABLE: no-such-policy.md: file not found\n');
  });
});

describe('knowledge command line', () => {
  it('exits 2 with usage for an unknown command or option', async () => {
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('USAGE: unknown command "frobnicate"');
    expect(unknown.err).toContain('npm run knowledge -- list');
    const option = await run('inspect', 'x.md', '--colour');
    expect(option.code).toBe(2);
    expect(option.err).toMatch(/^USAGE: Unknown option '--colour'/);
    expect((await run()).code).toBe(2);
  });
});
