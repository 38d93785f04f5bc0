import type { FundKey } from '../schema/database.js';
import type { Executor } from '../core/executor.js';

export interface DisbursementCategory {
  key: string;
  fund: FundKey;
  name: string;
  nameEn: string;
  /** Aid to a household: the recipient's private details are required (and never published). */
  isAid: boolean;
}

export interface FundCategories {
  fund: FundKey;
  name: string;
  nameEn: string;
  categories: DisbursementCategory[];
}

/**
 * The spending categories of each fund, from the `disbursement_categories` table — the one
 * source that `recordDisbursement` checks a disbursement's category against — in the
 * funds' and the categories' own order. Funds without categories are left out.
 *
 * @example (await disbursementCategoriesByFund(db))[2].categories[0].key // 'aid_cash'
 */
export async function disbursementCategoriesByFund(db: Executor): Promise<FundCategories[]> {
  const funds = await db
    .selectFrom('funds')
    .select(['key', 'name', 'name_en'])
    .orderBy('sort_order')
    .execute();
  const categories = await db
    .selectFrom('disbursement_categories')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('key')
    .execute();
  return funds
    .map((fund) => ({
      fund: fund.key,
      name: fund.name,
      nameEn: fund.name_en,
      categories: categories
        .filter((category) => category.fund === fund.key)
        .map((category) => ({
          key: category.key,
          fund: category.fund,
          name: category.name,
          nameEn: category.name_en,
          isAid: category.is_aid,
        })),
    }))
    .filter((fund) => fund.categories.length > 0);
}
