/** A run configuration that cannot be used: names the file, the field and the rule it breaks. */
import { CliError, exitCodes } from '../errors.js';

/** Invalid run configuration (exit 2, found before anything is uploaded). */
export class RunConfigError extends CliError {
  constructor(file: string, field: string | null, rule: string) {
    super('INVALID_RUN_CONFIG', `${file}: ${field === null ? '' : `field ${field}: `}${rule}`, exitCodes.usage,
      'fix the file (`cairn run config init` writes a commented example), or pass the value as a flag');
  }
}

/** A field path as written in the file: `distribution.node_count`, `arguments[2]`. */
export function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name === '' ? String(key) : `${name}.${String(key)}`), '');
}
