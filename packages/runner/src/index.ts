/** The runner as a library: what compute targets and tests use besides the `main.ts` program. */
export { parseOptions, type RunnerOptions } from './options.js';
export { RunnerRun } from './run.js';
export { safeTarget, materializeSnapshot, SnapshotError } from './snapshot.js';
export { rankVariables } from './ranks.js';
export { outcomeOf, StderrTails, type Outcome } from './outcome.js';
export { prepareEnvironment, environmentDir, type PrepareOptions, type PreparedEnvironment } from './environment/prepare.js';
