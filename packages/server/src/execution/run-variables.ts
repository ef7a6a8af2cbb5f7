/** The variables a submitted run's script sees (DESIGN §4, v1 names from reference §4.4). */
import type { Run } from '@cairn/api';
import type { WorkspaceRef } from '../http/implement.js';

/** Variables that depend on the run only; the runner adds URL, token, paths and ranks. */
export function runVariables(run: Run, workspace: WorkspaceRef): Record<string, string> {
  return {
    CAIRN_RUN_ID: run.id,
    CAIRN_WORKSPACE: workspace.name,
    CAIRN_EXPERIMENT: run.experiment,
    CAIRN_RUN_SUBMITTED: '1',
    AZUREML_RUN_ID: run.id,
    AZUREML_ARM_WORKSPACE_NAME: workspace.name,
    AZUREML_ARM_PROJECT_NAME: run.experiment,
    AZUREML_ARM_SUBSCRIPTION: 'cairn',
    AZUREML_ARM_RESOURCEGROUP: 'cairn',
    AZUREML_WORKSPACE_ID: String(workspace.id),
    AZUREML_EXPERIMENT_NAME: run.experiment,
    AZUREML_IDENTITY_IN_USE: 'AMLToken',
    AZUREML_TARGET_TYPE: run.computeTarget,
  };
}
