/**
 * The trust registry, `knowledge/trusts.json`: which Microsoft 365 tenants ask
 * on behalf of which trust, and each trust's policy files.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AssistantError } from '../errors.js';
import type { Trust, TrustId } from './types.js';

/** The registry's file name inside the knowledge folder. */
export const REGISTRY_FILE = 'trusts.json';

/** Extensions of the policy files the product reads. */
export const POLICY_EXTENSIONS = ['.md', '.txt', '.docx', '.pdf'] as const;

const isoDate = z.iso.date({ error: 'Invalid date: expected YYYY-MM-DD' });

const policyEntrySchema = z.strictObject({
  file: z
    .string()
    .min(1)
    .refine((f) => !path.isAbsolute(f) && !f.split(/[\\/]/).includes('..'), 'must be a path inside the knowledge folder')
    .refine(
      (f) => POLICY_EXTENSIONS.some((ext) => f.toLowerCase().endsWith(ext)),
      `must end in ${POLICY_EXTENSIONS.join(', ')}`,
    ),
  title: z.string().min(1).optional(),
  policyDate: isoDate.optional(),
  reviewDate: isoDate.optional(),
});

const trustSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. "drb-ignite"'),
  displayName: z.string().trim().min(1),
  tenantIds: z.array(z.guid({ error: 'Invalid UUID' }).transform((id) => id.toLowerCase())),
  sendcoRole: z.string().trim().min(1),
  policies: z.array(policyEntrySchema).min(1),
});

const registrySchema = z
  .strictObject({
    $comment: z.string().optional(),
    trusts: z.array(trustSchema).min(1),
  })
  .superRefine((registry, ctx) => {
    const firstById = new Map<string, number>();
    registry.trusts.forEach((trust, t) => {
      const earlier = firstById.get(trust.id);
      if (earlier === undefined) firstById.set(trust.id, t);
      else ctx.addIssue({ code: 'custom', path: ['trusts', t, 'id'], message: `duplicate trust id "${trust.id}" (also trusts.${earlier}.id)` });
      const seen = new Map<string, number>();
      trust.tenantIds.forEach((tenant, n) => {
        const first = seen.get(tenant);
        if (first === undefined) seen.set(tenant, n);
        else ctx.addIssue({ code: 'custom', path: ['trusts', t, 'tenantIds', n], message: `tenant id ${tenant} is listed twice (also tenantIds.${first})` });
      });
      // Section ids are <trust>/<file stem>/<n>, so a trust's policy files need distinct stems.
      const stems = new Map<string, number>();
      trust.policies.forEach((policy, p) => {
        const stem = path.basename(policy.file).replace(/\.[^.]+$/, '').toLowerCase();
        const first = stems.get(stem);
        if (first === undefined) stems.set(stem, p);
        else
          ctx.addIssue({
            code: 'custom',
            path: ['trusts', t, 'policies', p, 'file'],
            message: `${policy.file} has the same name as policies.${first}.file; section ids need each policy of a trust to have its own file name`,
          });
      });
    });
  });

/** The registry as written in `trusts.json`. */
export type RegistryFile = z.infer<typeof registrySchema>;

/** How a file is named in messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * Parse registry JSON text. Errors name the file and each offending field
 * path, e.g. `knowledge/trusts.json: trusts.2.tenantIds.0: Invalid UUID`.
 * @throws AssistantError `KNOWLEDGE_FILE_INVALID`
 */
export function parseRegistry(text: string, fileName: string): Trust[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AssistantError('KNOWLEDGE_FILE_INVALID', `${fileName}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const parsed = registrySchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
    throw new AssistantError('KNOWLEDGE_FILE_INVALID', `${fileName}: ${issues.join('; ')}`);
  }
  return parsed.data.trusts.map((trust) => ({
    id: trust.id,
    displayName: trust.displayName,
    tenantIds: trust.tenantIds,
    sendcoRole: trust.sendcoRole,
    policies: trust.policies.map((p) => ({
      file: p.file,
      ...(p.title === undefined ? {} : { title: p.title }),
      ...(p.policyDate === undefined ? {} : { policyDate: p.policyDate }),
      ...(p.reviewDate === undefined ? {} : { reviewDate: p.reviewDate }),
    })),
  }));
}

/**
 * Read and validate `<dir>/trusts.json`, and check that every policy file it
 * lists exists.
 * @throws AssistantError `KNOWLEDGE_FILE_UNREADABLE` when the registry cannot be read,
 *   `KNOWLEDGE_FILE_INVALID` when it does not match the schema or names a missing policy file.
 */
export async function loadRegistry(dir: string): Promise<Trust[]> {
  const file = path.join(dir, REGISTRY_FILE);
  const name = displayPath(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AssistantError('KNOWLEDGE_FILE_UNREADABLE', `${name}: ${describeFsError(error)}`, { cause: error });
  }
  const trusts = parseRegistry(text, name);
  const missing: string[] = [];
  await Promise.all(
    trusts.flatMap((trust, t) =>
      trust.policies.map(async (policy, p) => {
        try {
          await access(path.join(dir, policy.file));
        } catch {
          missing.push(`trusts.${t}.policies.${p}.file: ${displayPath(path.join(dir, policy.file))} does not exist`);
        }
      }),
    ),
  );
  if (missing.length > 0) throw new AssistantError('KNOWLEDGE_FILE_INVALID', `${name}: ${missing.sort().join('; ')}`);
  return trusts;
}

/** The trusts whose registry entry lists the tenant (case-insensitive), in registry order. */
export function trustsForTenant(trusts: Trust[], tenantId: string): Trust[] {
  const wanted = tenantId.trim().toLowerCase();
  return trusts.filter((trust) => trust.tenantIds.some((id) => id.toLowerCase() === wanted));
}

/**
 * The trust with the given id.
 * @throws AssistantError `TRUST_UNKNOWN` naming the id and the known ids.
 */
export function trustById(trusts: Trust[], id: TrustId): Trust {
  const trust = trusts.find((t) => t.id === id);
  if (!trust) throw new AssistantError('TRUST_UNKNOWN', `no trust "${id}" in the registry (known: ${trusts.map((t) => t.id).join(', ')})`);
  return trust;
}

/** A short reason for a file-system error: "file not found", "permission denied", or the error's message. */
export function describeFsError(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return error instanceof Error ? error.message : String(error);
}
