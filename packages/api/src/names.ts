/**
 * Naming rules, stated once: the validators below are used by the schemas, and their messages say the rule.
 */
import { z } from 'zod';

interface NameRule {
  pattern: RegExp;
  rule: string;
}

export const nameRules = {
  workspace: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{1,31}$/, rule: '2-32 characters: letters, digits, "_" and "-", starting with a letter or digit' },
  experiment: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}$/, rule: '2-255 characters: letters, digits, "_", "." and "-", starting with a letter or digit' },
  metric: { pattern: /^[^\u0000-\u001f/\\]{1,255}$/, rule: '1-255 characters, no control characters, "/" or "\\"' },
  tag: { pattern: /^[^\u0000-\u001f]{1,255}$/, rule: '1-255 characters, no control characters' },
  secret: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]{0,126}$/, rule: '1-127 characters: letters, digits and "-", starting with a letter or digit' },
  runId: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,255}$/, rule: '1-256 characters: letters, digits, "_", "." and "-"' },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof nameRules;

/** The message for a name that breaks its rule. */
export function nameMessage(kind: NameKind, value: string): string {
  return `invalid ${kind} name ${JSON.stringify(value)}: use ${nameRules[kind].rule}`;
}

/** Whether a name follows its rule. */
export function isValidName(kind: NameKind, value: string): boolean {
  return nameRules[kind].pattern.test(value);
}

/** A zod string schema enforcing a naming rule, with the rule in its message. */
export function nameSchema(kind: NameKind) {
  return z.string().refine((v) => isValidName(kind, v), { message: `must be ${nameRules[kind].rule}`, params: { code: 'INVALID_NAME' } });
}
