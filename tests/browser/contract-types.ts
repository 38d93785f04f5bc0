/**
 * The residents' pages keep their own copy of the public API's types (pos-ui may import
 * nothing server-side). These assignments make `tsc --noEmit` fail when the server's
 * statement model and the browser's copy drift apart.
 */
import type { Statement } from '../../pos-ui/src/public/api-types.js';
import type { StatementModel } from '../../reports/statement-model.js';

type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export type StatementContract = Assert<Same<Statement, StatementModel>>;
