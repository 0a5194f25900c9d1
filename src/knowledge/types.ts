/**
 * The knowledge model: trusts, their policy documents, and each document's
 * sections. Everything downstream (search, answers, dialogs, cards) reads these.
 */

/** A trust's id as used in data, command-line options and output, e.g. `"southport"`. */
export type TrustId = string;

/** One trust from the registry (`knowledge/trusts.json`). */
export interface Trust {
  id: TrustId;
  displayName: string;
  /** Microsoft 365 (Entra) tenant ids whose users ask on behalf of this trust. */
  tenantIds: string[];
  /** Policy files of this trust, relative to `knowledge/`. */
  policies: PolicyEntry[];
  /** How the policy names the person to ask, e.g. "SENDCo" or "SENCO". */
  sendcoRole: string;
}

/** A policy file listed in the registry, with optional date overrides. */
export interface PolicyEntry {
  file: string;
  /** Overrides the title read from the text (for policies that state none). */
  title?: string;
  /** Overrides the date read from the text (ISO `YYYY-MM-DD`). */
  policyDate?: string;
  /** Overrides the next review date read from the text (ISO `YYYY-MM-DD`). */
  reviewDate?: string;
}

/**
 * One passage of a policy: a heading path and the clean text under it.
 * Over-long sections are split at paragraph boundaries into parts that share
 * the heading path; only the first part owns the heading (`ownsHeading`).
 */
export interface Section {
  /** Stable id, unique across all trusts: `<trust>/<document slug>/<n>`. */
  id: string;
  trust: TrustId;
  /** The document's title, e.g. "Special Educational Needs and Disabilities (SEND) Policy". */
  document: string;
  /** Headings from the top of the document down to this section, numbered as the policy numbers them. */
  headingPath: string[];
  /** True when the last heading of `headingPath` first appears at this section (false for continuation parts). */
  ownsHeading: boolean;
  /** Clean text: artefacts removed, wrapped lines re-joined, paragraphs separated by blank lines. */
  text: string;
  /** Position of the section in its document, from 0. */
  order: number;
}

/** A parsed policy document. */
export interface PolicyDocument {
  trust: TrustId;
  /** Path relative to `knowledge/`. */
  file: string;
  title: string;
  /** ISO date the policy was approved or last updated, when known. */
  policyDate?: string;
  /** ISO date of the next review, when known. */
  reviewDate?: string;
  /** SHA-256 of the source file's bytes. */
  sourceHash: string;
  sections: Section[];
}

/** Everything the product knows: the registry and every trust's parsed policies. */
export interface Knowledge {
  trusts: Trust[];
  documents: PolicyDocument[];
}
