/**
 * Everything the product knows: the trust registry and every trust's parsed
 * policies, loaded from the knowledge folder.
 */
import path from 'node:path';
import { parsePolicyFile } from './policy-file.js';
import { loadRegistry } from './registry.js';
import type { Knowledge, PolicyDocument, PolicyEntry, Trust } from './types.js';

/**
 * Parse one registry entry's policy file, applying the entry's overrides: its
 * title, policy date and review date win over those read from the text. A
 * policy that states no title is called "<trust display name> SEND Policy".
 */
export async function loadPolicy(dir: string, trust: Trust, entry: PolicyEntry): Promise<PolicyDocument> {
  const doc = await parsePolicyFile(path.join(dir, entry.file), {
    trust: trust.id,
    file: entry.file,
    fallbackTitle: `${trust.displayName} SEND Policy`,
    ...(entry.title === undefined ? {} : { title: entry.title }),
  });
  return {
    ...doc,
    ...(entry.policyDate === undefined ? {} : { policyDate: entry.policyDate }),
    ...(entry.reviewDate === undefined ? {} : { reviewDate: entry.reviewDate }),
  };
}

/**
 * Read the registry `<dir>/trusts.json` and parse every policy it lists, in
 * registry order.
 * @throws AssistantError with the code of the first registry or policy file that fails.
 */
export async function loadKnowledge(dir: string): Promise<Knowledge> {
  const trusts = await loadRegistry(dir);
  const documents = await Promise.all(trusts.flatMap((trust) => trust.policies.map((entry) => loadPolicy(dir, trust, entry))));
  return { trusts, documents };
}
