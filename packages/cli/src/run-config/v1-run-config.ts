/**
 * v1's camelCase run configuration (`.azureml/<name>.runconfig`, reference §4.2–4.3) in Cairn's
 * shape. Fields that only mean something on Azure (docker, history, amlcompute, …) are accepted and
 * left out; fields that would change what runs but have no equivalent here are refused by name.
 */
import { RunConfigError } from './run-config-error.js';
import { coerceStrings } from './coerce.js';

/** v1 fields without effect here (Azure infrastructure, defaults, or deprecated). */
const ignored = new Set(['framework', 'communicator', 'nodeCount', 'priority', 'history', 'spark', 'hdi', 'tensorflow', 'mpi', 'pytorch',
  'paralleltask', 'sourceDirectoryDataStore', 'amlcompute', 'autoPrepareEnvironment', 'docker', 'data', 'outputData', 'dataReferences',
  'kubernetescompute', 'credentialPassthrough', 'identity', 'command']);
const mapped = new Set(['script', 'arguments', 'target', 'environment', 'maxRunDurationSeconds']);
const v1Only = new Set(['target', 'framework', 'communicator', 'nodeCount', 'maxRunDurationSeconds', 'history', 'dataReferences', 'amlcompute']);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as Obj).length === 0);

/** Whether a file is in v1's format: named `.runconfig`, or using fields only v1 has. */
export function looksLikeV1(name: string, data: Obj): boolean {
  return name.endsWith('.runconfig') || Object.keys(data).some((k) => v1Only.has(k)) || typeof data.environment === 'object';
}

/** Converts v1 fields into Cairn's; refuses what would silently run something else. */
export function fromV1(data: Obj, name: string): Obj {
  for (const key of Object.keys(data)) {
    if (!mapped.has(key) && !ignored.has(key)) throw new RunConfigError(name, key, 'unknown field of a v1 run configuration');
  }
  if (!isEmpty(data.command)) throw new RunConfigError(name, 'command', 'commands are not supported; give script and arguments instead');
  if (!isEmpty(data.dataReferences) || !isEmpty(data.data)) throw new RunConfigError(name, isEmpty(data.data) ? 'dataReferences' : 'data', 'data inputs are not supported yet; read the data from the script');
  const out: Obj = {};
  if (data.script !== undefined && data.script !== null) out.script = data.script;
  if (data.arguments !== undefined && data.arguments !== null) out.arguments = data.arguments;
  if (typeof data.target === 'string' && data.target !== '') out.compute = data.target;
  if (data.maxRunDurationSeconds !== undefined && data.maxRunDurationSeconds !== null) out.max_run_duration_seconds = data.maxRunDurationSeconds;
  Object.assign(out, environmentOf(obj(data.environment)), distributionOf(data));
  return coerceStrings(out);
}

function environmentOf(env: Obj): Obj {
  const out: Obj = {};
  if (typeof env.name === 'string' && env.name !== '') out.environment = env.version === null || env.version === undefined || env.version === '' ? env.name : `${env.name}:${String(env.version)}`;
  if (!isEmpty(env.environmentVariables)) out.environment_variables = env.environmentVariables;
  return out;
}

/** v1 says how to distribute in framework + communicator and the matching section (reference §4.1). */
function distributionOf(data: Obj): Obj {
  const communicator = String(data.communicator ?? 'None');
  const nodeCount = typeof data.nodeCount === 'number' ? data.nodeCount : 1;
  if (['IntelMpi', 'OpenMpi', 'Mpi'].includes(communicator)) {
    return { distribution: { type: 'mpi', node_count: nodeCount, process_count_per_node: obj(data.mpi).processCountPerNode ?? 1 } };
  }
  if (data.framework === 'PyTorch' || ['Nccl', 'Gloo'].includes(communicator)) {
    const total = obj(data.pytorch).processCount;
    const perNode = typeof total === 'number' ? Math.max(1, Math.floor(total / nodeCount)) : 1;
    return nodeCount === 1 && perNode === 1 ? {} : { distribution: { type: 'pytorch', node_count: nodeCount, process_count_per_node: perNode } };
  }
  if (communicator === 'ParameterServer') {
    return { distribution: { type: 'tensorflow', node_count: obj(data.tensorflow).workerCount ?? nodeCount, process_count_per_node: 1 } };
  }
  return {};
}
