/** The run search language: parse `--filter`/`?filter=` and `--order-by`/`?orderBy=`, then compile them for Kysely. */
export type * from './ast.js';
export { FilterError } from './errors.js';
export { parseFilter, parseOrderBy } from './parse.js';
export { type CompileOptions, compileFilter, compileOrderBy } from './compile.js';
