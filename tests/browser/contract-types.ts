/**
 * The browser's types are generated from the OpenAPI document (npm run gen:api), whose
 * response schemas are zod schemas beside the routes; the PDF is built from
 * reports/statement-model.ts. These assignments make `tsc` fail when the three drift:
 * the zod schema's output, the generated type and the model must be the same shape.
 */
import type { z } from 'zod';
import type { components } from '../../pos-ui/src/shared/api/schema.js';
import type { StatementModel } from '../../reports/statement-model.js';
import type { statementSchema } from '../../server/schemas/public-statements.js';

type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export type GeneratedMatchesModel = Assert<
  Same<components['schemas']['Statement'], StatementModel>
>;
export type SchemaMatchesModel = Assert<Same<z.output<typeof statementSchema>, StatementModel>>;
