/**
 * A run configuration: what to run, where and how. Written as YAML by users (snake_case keys, see
 * `cairn run config init`), sent to the server as JSON, and read by the runner on the compute node.
 * v1's camelCase `.runconfig` files are converted to this shape by the CLI.
 */
import { z } from 'zod';
import { RunInputSchema, RunOutputSchema } from './routes/datasets.js';

export const DistributionSchema = z.strictObject({
  type: z.enum(['pytorch', 'mpi', 'tensorflow']),
  node_count: z.number().int().min(1).max(1024).default(1),
  process_count_per_node: z.number().int().min(1).max(256).default(1),
});
export type Distribution = z.infer<typeof DistributionSchema>;

export const RunConfigSchema = z.strictObject({
  /** The script, relative to the source directory; it may not leave it. */
  script: z.string().min(1).max(1000),
  arguments: z.array(z.string().max(10_000)).max(1000).default([]),
  /** Compute target name; `local` always exists. */
  compute: z.string().min(1).max(100).default('local'),
  /** `NAME[:VERSION]`, or `system` for the node's Python as is. */
  environment: z.string().min(1).max(200).default('system'),
  environment_variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid variable name'), z.string().max(100_000)).default({}),
  distribution: DistributionSchema.optional(),
  max_run_duration_seconds: z.number().int().min(1).max(60 * 60 * 24 * 365).optional(),
  /** Vault secrets the run may read with `run.get_secret(name)`. */
  secrets: z.array(z.string().min(1).max(127)).max(100).default([]),
  /** Dataset inputs by name: paths reach the script as `{inputs.NAME}` in arguments and `CAIRN_INPUT_NAME`. */
  inputs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid variable name'), RunInputSchema).default({}),
  /** Output folders by name, uploaded to a datastore after the script ends (`CAIRN_OUTPUT_NAME`, `{outputs.NAME}`). */
  outputs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid variable name'), RunOutputSchema).default({}),
});
export type RunConfig = z.infer<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;
