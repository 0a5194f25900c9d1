/**
 * One error style for the whole product: every failure the product reports on
 * purpose is an {@link AssistantError} with a stable code from {@link errorCatalogue}
 * and a message that names the offending value (file, field, variable, trust).
 */

/** Stable error codes with the help text shown next to them. */
export const errorCatalogue = {
  CONFIG_INVALID: 'An environment variable has a value the product cannot use.',
  KNOWLEDGE_FILE_UNREADABLE: 'A knowledge file could not be read.',
  KNOWLEDGE_FILE_INVALID: 'A knowledge file does not match its schema.',
  POLICY_EMPTY: 'A policy file holds no text.',
  POLICY_CORRUPT: 'A policy file is damaged, encrypted or not the format its name says.',
  POLICY_UNSUPPORTED: 'A policy file has an extension the product cannot read.',
  TRUST_UNKNOWN: 'No trust with that id is in the trust registry.',
  INDEX_INVALID: 'The search index artifact is unreadable or was built by another format version.',
  MODEL_INVALID: 'The bundled sentence-encoder model lacks a weight the semantic stage reads.',
  INDEX_STALE: 'The search index artifact does not match the knowledge it was built from.',
  DIALOG_INVALID: 'A guided dialog definition is inconsistent with its schema or the policies it cites.',
  USAGE: 'A command was called with options it does not accept.',
  STORAGE_UNAVAILABLE: 'The state storage (Azure Blob Storage) could not be reached or refused the request.',
  APP_PACKAGE_INVALID: 'The Teams app package cannot be built: its manifest, icons or the settings that fill them are invalid.',
} as const;

/** A stable error code; see {@link errorCatalogue}. */
export type ErrorCode = keyof typeof errorCatalogue;

/** An error the product raises on purpose: a stable code and a message naming the offending value. */
export class AssistantError extends Error {
  override readonly name = 'AssistantError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
  }

  /** The catalogue's help text for this error's code. */
  get help(): string {
    return errorCatalogue[this.code];
  }
}

/** True when `error` is an {@link AssistantError}, optionally with the given code. */
export function isAssistantError(error: unknown, code?: ErrorCode): error is AssistantError {
  return error instanceof AssistantError && (code === undefined || error.code === code);
}
