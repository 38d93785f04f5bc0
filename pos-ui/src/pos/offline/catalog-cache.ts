import { STRICT, type CachedProduct, type PosDb } from './offline-db.js';
import { milliToQuantity, quantityToMilli } from './quantity-milli.js';

/**
 * Replaces the cached catalog with what the server answered (products as they came, with
 * today's remaining counts). Sales still in the outbox are not in the server's counts
 * yet, so they are taken off again in the same transaction: a refresh while items wait
 * never gives back buns the tablet already sold.
 *
 * @example await cacheCatalog(db, products.map((p) => ({ productId: p.id, product: p, remaining: p.remaining, businessDate })))
 */
export async function cacheCatalog(db: PosDb, products: readonly CachedProduct[]): Promise<void> {
  const tx = db.transaction(['catalog', 'outbox'], 'readwrite', STRICT);
  const pending = new Map<string, number>();
  for (const item of await tx.objectStore('outbox').getAll()) {
    for (const [productId, milli] of Object.entries(item.remainingTaken ?? {})) {
      pending.set(productId, (pending.get(productId) ?? 0) + milli);
    }
  }
  const catalog = tx.objectStore('catalog');
  await catalog.clear();
  for (const product of products) {
    const taken = pending.get(product.productId) ?? 0;
    await catalog.put({
      ...product,
      remaining:
        product.remaining === null
          ? null
          : milliToQuantity(quantityToMilli(product.remaining) - taken),
    });
  }
  await tx.done;
}

export async function listCachedCatalog(db: PosDb): Promise<CachedProduct[]> {
  return db.getAll('catalog');
}
