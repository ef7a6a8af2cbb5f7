/** The commented run configuration `cairn run config init` writes. */

/** A commented YAML run configuration; every field but `script` may be left out. */
export function runConfigTemplate(script = 'train.py'): string {
  return `# Cairn run configuration: cairn run submit-script -e EXPERIMENT --run-config THIS_FILE
# Flags given to submit-script override the values here. Paths are relative to the source directory.

# The script to run, inside the source directory (--source-dir, default: the current directory).
script: ${script}

# Arguments passed to the script, as strings (everything after \`--\` on the command line replaces them).
arguments: []
# arguments: [--alpha, "0.5"]

# Where to run: \`local\`, the server's own machine, always exists.
compute: local

# The Python environment, NAME or NAME:VERSION (see \`cairn environment list\`);
# \`system\` runs the node's own Python as is.
environment: system

# Variables the script sees, besides CAIRN_* and AZUREML_*.
environment_variables: {}
# environment_variables: {OMP_NUM_THREADS: "1"}

# Several processes for one run: type pytorch, mpi or tensorflow; RANK, WORLD_SIZE, LOCAL_RANK,
# MASTER_ADDR and MASTER_PORT are set for each process.
# distribution: {type: pytorch, node_count: 1, process_count_per_node: 2}

# Stop the run (as Failed, with a timeout error) after this many seconds.
# max_run_duration_seconds: 3600

# Vault secrets the script may read with run.get_secret(name).
secrets: []
# secrets: [db-password]
`;
}
