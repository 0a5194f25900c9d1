import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAssistantError, type ErrorCode } from '../../../src/errors.js';
import { loadRegistry, parseRegistry, trustById, trustsForTenant } from '../../../src/knowledge/index.js';

const TENANT = '5b0f3a52-6c1e-4d8a-9f27-0c4e8b1d2a61';
const OTHER_TENANT = '8d3c6e19-2f4b-4a7d-b1e5-93a0c7f4d812';

function trust(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, displayName: `${id} Trust`, tenantIds: [TENANT], sendcoRole: 'SENCO', policies: [{ file: `policies/${id}.md` }], ...extra };
}

function registryError(json: unknown, code: ErrorCode = 'KNOWLEDGE_FILE_INVALID'): string {
  try {
    parseRegistry(JSON.stringify(json), 'knowledge/trusts.json');
  } catch (error) {
    if (isAssistantError(error, code)) return error.message;
    throw error;
  }
  throw new Error(`expected ${code}`);
}

describe('parseRegistry', () => {
  it('names the file and the field path of a tenant id that is not a UUID', () => {
    const message = registryError({ trusts: [trust('a'), trust('b'), trust('c', { tenantIds: ['not-a-tenant'] })] });
    expect(message).toContain('knowledge/trusts.json: trusts.2.tenantIds.0: Invalid UUID');
  });

  it('rejects a trust id used twice, naming both places', () => {
    const message = registryError({ trusts: [trust('aspire'), trust('aspire', { tenantIds: [OTHER_TENANT] })] });
    expect(message).toContain('trusts.1.id: duplicate trust id "aspire" (also trusts.0.id)');
  });

  it('rejects a tenant id listed twice for the same trust', () => {
    const message = registryError({ trusts: [trust('a', { tenantIds: [TENANT, TENANT.toUpperCase()] })] });
    expect(message).toContain(`trusts.0.tenantIds.1: tenant id ${TENANT} is listed twice`);
  });

  it('allows one tenant to ask for two trusts', () => {
    const trusts = parseRegistry(JSON.stringify({ trusts: [trust('a'), trust('b')] }), 'trusts.json');
    expect(trustsForTenant(trusts, TENANT).map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('names misspelt fields, bad dates and unsupported policy files', () => {
    expect(registryError({ trusts: [trust('a', { tenantId: [TENANT] })] })).toMatch(/trusts\.0: Unrecognized key: "tenantId"/);
    expect(registryError({ trusts: [trust('a', { policies: [{ file: 'policies/a.md', reviewDate: '31/12/2026' }] })] })).toContain(
      'trusts.0.policies.0.reviewDate: Invalid date: expected YYYY-MM-DD',
    );
    expect(registryError({ trusts: [trust('a', { policies: [{ file: 'policies/a.rtf' }] })] })).toContain('trusts.0.policies.0.file: must end in .md');
    expect(registryError({ trusts: [trust('a', { policies: [{ file: '../secret.md' }] })] })).toContain('trusts.0.policies.0.file: must be a path inside');
    expect(registryError({ trusts: [trust('Southport Trust')] })).toContain('trusts.0.id: must be lower-case words');
  });

  it('rejects two policies of a trust whose file names would give the same section ids', () => {
    const message = registryError({ trusts: [trust('a', { policies: [{ file: 'policies/send.docx' }, { file: 'policies/send.pdf' }] })] });
    expect(message).toContain('trusts.0.policies.1.file: policies/send.pdf has the same name as policies.0.file');
  });

  it('reports JSON syntax errors with the file name', () => {
    expect(() => parseRegistry('{ "trusts": [', 'knowledge/trusts.json')).toThrow(/KNOWLEDGE_FILE_INVALID: knowledge\/trusts\.json: not valid JSON/);
  });

  it('keeps registry overrides of title and dates', () => {
    const [parsed] = parseRegistry(
      JSON.stringify({ trusts: [trust('a', { policies: [{ file: 'policies/a.pdf', title: 'A Policy', policyDate: '2025-09-01', reviewDate: '2026-09-01' }] })] }),
      'trusts.json',
    );
    expect(parsed?.policies).toEqual([{ file: 'policies/a.pdf', title: 'A Policy', policyDate: '2025-09-01', reviewDate: '2026-09-01' }]);
  });
});

describe('loadRegistry', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function knowledgeDir(registry: unknown, files: string[]): Promise<string> {
    dir = await mkdtemp(path.join(os.tmpdir(), 'registry-'));
    await mkdir(path.join(dir, 'policies'));
    await Promise.all(files.map((f) => writeFile(path.join(dir, f), '# Policy\n\nText.\n')));
    if (registry !== undefined) await writeFile(path.join(dir, 'trusts.json'), JSON.stringify(registry));
    return dir;
  }

  it('loads the bundled registry of five trusts', async () => {
    const trusts = await loadRegistry(path.resolve(import.meta.dirname, '../../../knowledge'));
    expect(trusts.map((t) => t.id)).toEqual(['southport', 'drb-ignite', 'aspire', 'leading-learners', 'mosaic']);
    expect(trustsForTenant(trusts, 'C41E7B08-9A5D-4F3E-8C62-1B7D0E9A4F35').map((t) => t.id)).toEqual(['aspire']);
    expect(trustsForTenant(trusts, '00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it('names a policy file that does not exist', async () => {
    const at = await knowledgeDir({ trusts: [trust('a'), trust('b', { tenantIds: [OTHER_TENANT] })] }, ['policies/a.md']);
    await expect(loadRegistry(at)).rejects.toThrow(/KNOWLEDGE_FILE_INVALID: .*trusts\.json: trusts\.1\.policies\.0\.file: .*policies\/b\.md does not exist/);
  });

  it('reports a missing registry as unreadable, naming it', async () => {
    const at = await knowledgeDir(undefined, []);
    await expect(loadRegistry(at)).rejects.toThrow(/KNOWLEDGE_FILE_UNREADABLE: .*trusts\.json: file not found/);
  });
});

describe('trustById', () => {
  it('names the unknown id and the known ones', () => {
    const trusts = parseRegistry(JSON.stringify({ trusts: [trust('a'), trust('b')] }), 'trusts.json');
    expect(trustById(trusts, 'b').id).toBe('b');
    expect(() => trustById(trusts, 'zed')).toThrow('TRUST_UNKNOWN: no trust "zed" in the registry (known: a, b)');
  });
});
