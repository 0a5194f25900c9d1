import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/dialogs/dialogs-cli.js';
import { knowledgeDir } from './bundled.js';

function io(dir = knowledgeDir) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), knowledgeDir: () => dir }, out, err };
}

describe('npm run dialogs', () => {
  it('check: says the bundled dialogs are valid', async () => {
    const run = io();
    expect(await main(['check'], run.io)).toBe(0);
    expect(run.out.join('')).toBe('4 dialogs valid for 5 trusts: send-or-other, next-step, induction, parent-concern\n');
  });

  it('check: lists each problem with its file, dialog, step and trust, and exits 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knowledge-'));
    try {
      fs.cpSync(knowledgeDir, dir, { recursive: true });
      fs.chmodSync(path.join(dir, 'dialogs'), 0o755);
      const file = path.join(dir, 'dialogs', 'next-step.json');
      fs.chmodSync(file, 0o644);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('within 20 weeks', 'within 12 weeks'));
      const run = io(dir);
      expect(await main(['check'], run.io)).toBe(1);
      expect(run.err.join('')).toMatch(/next-step\.json: dialog "next-step", step "during-assessment", trust "drb-ignite", .*quote not found.*within 12 weeks/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('coverage: shows, per trust, the steps its policy leaves to the SENCO', async () => {
    const run = io();
    expect(await main(['coverage', '--trust', 'leading-learners'], run.io)).toBe(0);
    const text = run.out.join('');
    expect(text).toContain('leading-learners (Leading Learners Trust; ask: SENCO)');
    expect(text).toContain('not covered  annual-review: The Leading Learners policy does not describe EHC plan annual reviews. Ask your SENCO.');
    expect(text).not.toContain('southport');
  });

  it('rejects an unknown trust or command', async () => {
    const unknownTrust = io();
    expect(await main(['coverage', '--trust', 'atlantis'], unknownTrust.io)).toBe(1);
    expect(unknownTrust.err.join('')).toContain('TRUST_UNKNOWN: no trust "atlantis"');
    const unknownCommand = io();
    expect(await main(['frobnicate'], unknownCommand.io)).toBe(2);
    expect(unknownCommand.err.join('')).toContain('unknown command "frobnicate"');
  });
});
