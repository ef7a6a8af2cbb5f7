/** Scalars YAML reads as numbers or booleans, where the run configuration wants strings. */

/** YAML reads `0.5` and `1` as numbers; arguments and variables are strings, so write them as such. */
export function coerceStrings(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  const str = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
  if (Array.isArray(out.arguments)) out.arguments = out.arguments.map(str);
  const vars = out.environment_variables;
  if (vars && typeof vars === 'object' && !Array.isArray(vars)) out.environment_variables = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, str(v)]));
  return out;
}
