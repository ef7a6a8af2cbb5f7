/** Run ids and default display names, shaped as Azure ML v1 makes them. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const adjectives = [
  'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'eager', 'gentle', 'golden', 'happy', 'honest',
  'jolly', 'keen', 'kind', 'lively', 'lucky', 'mellow', 'merry', 'nimble', 'plucky', 'proud', 'quick', 'quiet',
  'rapid', 'shiny', 'silver', 'sleepy', 'steady', 'sunny', 'swift', 'tidy', 'upbeat', 'vivid', 'warm', 'witty',
];
const nouns = [
  'anchor', 'apple', 'badger', 'basket', 'beacon', 'candle', 'cloud', 'comet', 'cricket', 'falcon', 'garden', 'harbor',
  'kettle', 'lantern', 'maple', 'meadow', 'muffin', 'nest', 'ocean', 'otter', 'pebble', 'pepper', 'piano', 'planet',
  'quill', 'rabbit', 'river', 'rocket', 'saddle', 'spoon', 'thistle', 'tiger', 'tulip', 'violin', 'walrus', 'willow',
];

// Ids are at most 256 characters; the generated suffix `_<10 digits>_<8 hex>` takes 20.
const MAX_PREFIX = 256 - 20;

/** The id v1 gives a submitted run: `<experiment>_<unix seconds>_<8 hex>`. */
export function submittedRunId(experiment: string, now: number): string {
  return `${experiment.slice(0, MAX_PREFIX)}_${Math.floor(now / 1000)}_${randomBytes(4).toString('hex')}`;
}

/** The id v1 gives child and interactive runs: a uuid. */
export function childRunId(): string {
  return randomUUID();
}

/** A readable name derived from the run id alone, so the same id always gets the same name: `brave_otter_1a2b3c4d`. */
export function defaultDisplayName(runId: string): string {
  const digest = createHash('sha256').update(runId).digest();
  return `${adjectives[digest[0]! % adjectives.length]}_${nouns[digest[1]! % nouns.length]}_${digest.subarray(2, 6).toString('hex')}`;
}
