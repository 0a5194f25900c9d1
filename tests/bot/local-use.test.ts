import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, projectRoot } from '../../src/config.js';
import { commands } from '../../bot/commands.js';
import { matchCommand } from '../../bot/commands.js';

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');

describe('files for local use', () => {
  it('.env.example parses as it stands, and with every commented example switched on', () => {
    const assignments: { active: boolean; name: string; value: string }[] = [];
    for (const line of read('.env.example').split('\n')) {
      const m = /^(#?)\s*([A-Za-z_]+)=(.*)$/.exec(line.trim());
      if (m?.[2] !== undefined) assignments.push({ active: m[1] === '', name: m[2], value: m[3] ?? '' });
    }
    const env = (list: typeof assignments): Record<string, string> => Object.fromEntries(list.map((a) => [a.name, a.value]));
    expect(loadConfig(env(assignments.filter((a) => a.active))).devMode).toBe(true);
    // One credential kind and one blob variant at a time; everything else switched on must parse.
    const everything = env(assignments.filter((a) => a.name !== 'MicrosoftAppCertificatePath' && a.name !== 'BLOB_ACCOUNT_URL'));
    expect(loadConfig({ ...everything, MicrosoftAppPassword: 'secret', STATE_STORAGE: 'blob' }).devMode).toBe(false);
  });

  it("the Agents Playground's mock tenant is a trust's tenant in the registry", () => {
    const tenant = /^tenantId:\s*(\S+)\s*$/m.exec(read('.m365agentsplayground.yml'))?.[1];
    const registry = read('knowledge/trusts.json');
    expect(tenant).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(registry).toContain(`"${tenant ?? ''}"`);
  });

  it('the command menu fits Teams limits and every entry is recognised when typed', () => {
    for (const command of commands) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
      expect(matchCommand(command.title)).toBeDefined();
      expect(matchCommand(`  ${command.title.toUpperCase()}? `)).toBe(matchCommand(command.title));
    }
    expect(matchCommand('What help is there for dyslexia?')).toBeUndefined();
  });
});
