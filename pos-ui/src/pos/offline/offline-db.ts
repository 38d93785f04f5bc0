import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';

/** The kinds of write a tablet queues; each is one request to the server. */
export type OutboxKind = 'shift-open' | 'sale' | 'refund' | 'cash-movement' | 'shift-close';

/** The request an outbox item sends, exactly as built by its caller (the typed API client's body). */
export interface OutboxRequest {
  method: 'POST' | 'PUT';
  path: string;
  body: unknown;
}

export interface OutboxItem {
  /** Insertion order: the outbox sends by it, and a retried needs-attention item keeps it. */
  seq: number;
  /** Unique in the outbox: the tablet-made UUID of the thing written (sale id, shift id, …). */
  id: string;
  /**
   * The id the server's answer must name for the item to count as sent, when it is not
   * `id` (a shift close is answered with its shift). Absent on items queued by version 1.
   */
  answerId?: string;
  kind: OutboxKind;
  /** The shift the write belongs to (a shift-open's own id). Orders it causally. */
  shiftId: string;
  /** Ids of other items that must be on the server first (e.g. the sale a refund takes back). */
  dependsOn: string[];
  /** Who made it on the tablet (the staff id), so it can be sent under their session. */
  actorId: string | null;
  request: OutboxRequest;
  /** A sale's quantities in thousandths by product, taken off the cached remaining counts. */
  remainingTaken?: Record<string, number>;
  /** Epoch milliseconds. */
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

/** Why the server refused an item, kept until a manager resolves it. */
export interface NeedsAttentionItem extends OutboxItem {
  status: number;
  code: string;
  message: string;
  movedAt: number;
  /** Set when a manager dismissed it (with a reason); it then stops blocking its shift's close. */
  resolution: { by: string; reason: string; at: number } | null;
}

/** A product as the catalog answered it, with what remains of today's production. */
export interface CachedProduct {
  productId: string;
  /** The API's product object, kept as it came (the typed client knows its shape). */
  product: unknown;
  /** Today's remaining count as three-decimal text, or null when production is not counted. */
  remaining: string | null;
  businessDate: string;
}

export interface PinVerifier {
  algorithm: 'PBKDF2-SHA256';
  iterations: number;
  /** Base64. */
  salt: string;
  /** Base64 of the derived 256 bits. */
  hash: string;
  createdAt: number;
}

export interface CachedStaff {
  id: string;
  username: string;
  displayName: string;
  role: 'cashier' | 'manager';
  hasPin: boolean;
  verifier: PinVerifier | null;
  failedAttempts: number;
  lockedUntil: number;
}

export interface SessionRecord {
  key: 'current';
  staffId: string;
  /** Whatever the UI needs to restore the session after a reload (kept as given). */
  data: unknown;
  since: number;
}

export interface ReceiptCounter {
  registerId: string;
  prefix: string;
  /** The next sequence number to hand out. */
  next: number;
  /** Digits the sequence is padded to. */
  width: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface PosDbSchema extends DBSchema {
  outbox: {
    key: number;
    value: OutboxItem;
    indexes: { 'by-id': string; 'by-shift': string };
  };
  needsAttention: { key: number; value: NeedsAttentionItem; indexes: { 'by-id': string } };
  catalog: { key: string; value: CachedProduct };
  staff: { key: string; value: CachedStaff };
  session: { key: string; value: SessionRecord };
  receiptCounters: { key: string; value: ReceiptCounter };
  settings: { key: string; value: SettingRecord };
}

export type PosDb = IDBPDatabase<PosDbSchema>;
export const POS_DB_NAME = 'xmf-pos';
/**
 * The schema version. Each upgrade step only adds: stores are never deleted or rebuilt, so
 * the outbox survives every upgrade (tested from version 1 with items in it).
 *  1: outbox (by seq, index by-id), catalog, settings — the first release.
 *  2: outbox index by-shift; needsAttention, staff, session, receiptCounters.
 */
export const POS_DB_VERSION = 2;

/** Every write that must survive a power cut asks for it (Chrome defaults to relaxed). */
export const STRICT = { durability: 'strict' } as const;

type UpgradeTransaction = IDBPTransaction<
  PosDbSchema,
  ArrayLike<StoreNames<PosDbSchema>>,
  'versionchange'
>;

function upgrade(db: PosDb, oldVersion: number, newVersion: number, tx: UpgradeTransaction): void {
  if (oldVersion < 1 && newVersion >= 1) {
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('by-id', 'id', { unique: true });
    db.createObjectStore('catalog', { keyPath: 'productId' });
    db.createObjectStore('settings', { keyPath: 'key' });
  }
  if (oldVersion < 2 && newVersion >= 2) {
    tx.objectStore('outbox').createIndex('by-shift', 'shiftId');
    const attention = db.createObjectStore('needsAttention', { keyPath: 'seq' });
    attention.createIndex('by-id', 'id', { unique: true });
    db.createObjectStore('staff', { keyPath: 'id' });
    db.createObjectStore('session', { keyPath: 'key' });
    db.createObjectStore('receiptCounters', { keyPath: 'registerId' });
  }
}

/**
 * Opens (creating or upgrading) the tablet's database. `version` is for tests of the
 * upgrade path only. Another tab holding an older version is asked to close (it reloads
 * into the new version), so an upgrade never waits forever.
 *
 * @example const db = await openPosDb(); await db.count('outbox')
 */
export async function openPosDb(options: { name?: string; version?: number } = {}): Promise<PosDb> {
  const db = await openDB<PosDbSchema>(
    options.name ?? POS_DB_NAME,
    options.version ?? POS_DB_VERSION,
    {
      upgrade: (database, oldVersion, newVersion, tx) =>
        upgrade(database, oldVersion, newVersion ?? POS_DB_VERSION, tx),
    },
  );
  db.addEventListener('versionchange', () => db.close());
  return db;
}

export async function readSetting<T>(db: PosDb, key: string): Promise<T | undefined> {
  return (await db.get('settings', key))?.value as T | undefined;
}

export async function writeSetting(db: PosDb, key: string, value: unknown): Promise<void> {
  const tx = db.transaction('settings', 'readwrite', STRICT);
  await tx.store.put({ key, value });
  await tx.done;
}

/** Settings the POS keeps per tablet. */
export const SETTING_KEYS = {
  language: 'language',
  registerId: 'registerId',
  lastSyncAt: 'lastSyncAt',
  catalogFetchedAt: 'catalogFetchedAt',
} as const;
