/**
 * The knowledge layer: the trust registry and the trusts' SEND policies as
 * trees of passage-sized sections.
 */
export type { Knowledge, PolicyDocument, PolicyEntry, Section, Trust, TrustId } from './types.js';
export { loadKnowledge, loadPolicy } from './load-knowledge.js';
export { loadRegistry, parseRegistry, trustsForTenant, trustById, REGISTRY_FILE, POLICY_EXTENSIONS } from './registry.js';
export { parsePolicyFile } from './policy-file.js';
export { parsePolicyText, fileStem, sha256, DEFAULT_TITLE, type ParseOptions } from './parse-policy.js';
export { policyStatus, today, type PolicyStatus } from './policy-status.js';
export { readPolicyDates, parsePolicyDate, type PolicyDates } from './policy-dates.js';
export { stripArtefacts, policyWords, cleanLine } from './artefacts.js';
export { MAX_SECTION_CHARS } from './section-text.js';
export type { PolicyForm } from './blocks.js';
