/**
 * Per-run limits on tags and properties. v1 allows 50 of each with keys up to 100 and values up
 * to 1,000 characters; Cairn allows more, and says which limit a write would break.
 */
import { InputError, isValidName, nameMessage } from '@cairn/api';
import type { StringMap } from './run-store.js';

export const runLimits = { entries: 1000, keyLength: 255, valueLength: 5000 } as const;

export type MapKind = 'tag' | 'property';
const plural: Record<MapKind, string> = { tag: 'tags', property: 'properties' };

/** Checks keys and values of tags or properties about to be written, and their number on their own. */
export function checkEntries(kind: MapKind, map: StringMap): void {
  const entries = Object.entries(map);
  if (entries.length > runLimits.entries) throw tooMany(kind, entries.length);
  for (const [key, value] of entries) {
    if (key.length > runLimits.keyLength) {
      throw new InputError('LIMIT_EXCEEDED', `${kind} key ${JSON.stringify(key.slice(0, 40))}… is ${key.length} characters long; keys hold at most ${runLimits.keyLength}`,
        { kind, key, limit: runLimits.keyLength, length: key.length });
    }
    if (!isValidName('tag', key)) throw new InputError('INVALID_NAME', nameMessage('tag', key), { kind, key });
    if (value !== null && value.length > runLimits.valueLength) {
      throw new InputError('LIMIT_EXCEEDED', `the value of ${kind} ${JSON.stringify(key)} is ${value.length} characters long; values hold at most ${runLimits.valueLength}`,
        { kind, key, limit: runLimits.valueLength, length: value.length });
    }
  }
}

/** LIMIT_EXCEEDED for a run that would hold `count` tags or properties. */
export function tooMany(kind: MapKind, count: number, runId?: string): InputError {
  const whose = runId === undefined ? 'a run' : `run ${runId}`;
  return new InputError('LIMIT_EXCEEDED', `${whose} would hold ${count} ${plural[kind]}; a run holds at most ${runLimits.entries.toLocaleString('en-US')}`,
    { kind, limit: runLimits.entries, count });
}
