/**
 * The storage the bot's state goes through, over memory or Azure Blob Storage.
 *
 * - botbuilder saves conversation and user state with eTag `*`: a blind
 *   overwrite, so of two concurrent turns on one conversation (a double click,
 *   two instances) the later save silently drops the other's changes. Here each
 *   state item read is remembered with the version it came from; its save is made
 *   conditional on that version, and on a conflict the loser re-reads the stored
 *   state and re-applies only the properties its own turn changed. The winner's
 *   changes to other properties are kept and the loser's are not lost; when both
 *   changed the same property, the later write holds it.
 * - Items written that were not read through here (feedback counts, which do
 *   their own read-modify-write retries) are passed through, conflicts included.
 * - An item read for the first time is stored empty before it is returned, so
 *   even the first save of a new conversation, person or count carries an eTag.
 *   Two instances creating the same empty item at once is harmless; one
 *   instance's empty item landing after another's first real save (a whole turn
 *   within one blob round trip) is the remaining window.
 * - Any other failure of the underlying storage becomes `STORAGE_UNAVAILABLE`, so
 *   the person is told the bot cannot reach its storage, not that it broke.
 */
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { AssistantError, isAssistantError } from '../src/errors.js';
import type { Logger } from './logger.js';

/** How many times a conflicting state write is merged and retried. */
export const MAX_MERGE_ATTEMPTS = 5;

/** True when a storage error is an eTag (optimistic concurrency) conflict. */
export function isETagConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status: unknown = Reflect.get(error, 'statusCode');
  return status === 412 || /eTag conflict/i.test(error.message);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function withoutETag(item: StoreItem | undefined): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...item };
  delete copy.eTag;
  return copy;
}

/** Storage wrapper that merges state conflicts and reports outages as `STORAGE_UNAVAILABLE`. */
export class StateStorage implements Storage {
  /** Each item handed out by `read`: the version it came from and what it held, as JSON. */
  private readonly versions = new WeakMap<object, { eTag: string; snapshot: string }>();

  constructor(
    private readonly inner: Storage,
    private readonly logger?: Logger,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    let items = await this.guard('read', () => this.inner.read(keys));
    const absent = keys.filter((key) => itemOf(items, key) === undefined);
    if (absent.length > 0) {
      // Store an empty item first, so every later write of it is conditional on its eTag.
      await this.guard('write', () => this.inner.write(Object.fromEntries(absent.map((key) => [key, { eTag: '*' }]))));
      items = { ...items, ...(await this.guard('read', () => this.inner.read(absent))) };
    }
    for (const key of keys) {
      const item = itemOf(items, key);
      if (item && typeof item.eTag === 'string') this.versions.set(item, { eTag: item.eTag, snapshot: JSON.stringify(withoutETag(item)) });
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, item]: [string, StoreItem]) => this.writeOne(key, item)));
  }

  async delete(keys: string[]): Promise<void> {
    await this.guard('delete', () => this.inner.delete(keys));
  }

  /** The properties this item changed since it was read, and the version read; undefined when it was not read here. */
  private changes(item: StoreItem): { eTag: string; changed: Map<string, unknown> } | undefined {
    const version = this.versions.get(item);
    if (!version) return undefined;
    const base = asRecord(JSON.parse(version.snapshot));
    const mine = withoutETag(item);
    const changed = new Map<string, unknown>();
    for (const property of new Set([...Object.keys(base), ...Object.keys(mine)])) {
      if (!sameValue(base[property], mine[property])) changed.set(property, mine[property]);
    }
    return { eTag: version.eTag, changed };
  }

  private async writeOne(key: string, item: StoreItem): Promise<void> {
    const read = this.changes(item);
    if (!read) {
      await this.guard('write', () => this.inner.write({ [key]: item }), { conflictsPassThrough: true });
      return;
    }
    const { changed } = read;
    let next: StoreItem = { ...item, eTag: read.eTag };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.guard('write', () => this.inner.write({ [key]: next }), { conflictsPassThrough: true });
        if (attempt > 1) this.logger?.info({ event: 'state-merged', attempts: attempt, properties: [...changed.keys()] }, 'concurrent state change merged');
        return;
      } catch (error) {
        if (!isETagConflict(error) || attempt >= MAX_MERGE_ATTEMPTS) throw error;
      }
      const current = itemOf(await this.guard('read', () => this.inner.read([key])), key);
      next = current ? this.merged(current, changed) : { ...Object.fromEntries(changed), eTag: '*' };
    }
  }

  private merged(current: StoreItem, changed: Map<string, unknown>): StoreItem {
    const merged: StoreItem = { ...withoutETag(current) };
    for (const [property, value] of changed) {
      if (value === undefined) delete merged[property];
      else merged[property] = value;
    }
    merged.eTag = typeof current.eTag === 'string' ? current.eTag : '*';
    return merged;
  }

  private async guard<T>(operation: string, work: () => Promise<T>, options: { conflictsPassThrough?: boolean } = {}): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isAssistantError(error) || (options.conflictsPassThrough && isETagConflict(error))) throw error;
      throw new AssistantError('STORAGE_UNAVAILABLE', `state storage ${operation} failed: ${describe(error)}`, { cause: error });
    }
  }
}

function isItem(value: unknown): value is StoreItem {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The item stored under `key`: the object itself, so it can be recognised when it is written back. */
function itemOf(items: StoreItems, key: string): StoreItem | undefined {
  const value: unknown = items[key];
  return isItem(value) ? value : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' ? `${code} (${error.name})` : error.name;
}
