/**
 * Roles and the actions they allow, per workspace. Semantics follow Azure ML v1's built-in roles
 * (see shared/reference §1.5): Reader never writes, Data Scientist does everything in a workspace but
 * manage compute or the workspace itself, Compute Operator manages compute only.
 */
export const roles = ['Owner', 'Contributor', 'Reader', 'Data Scientist', 'Compute Operator'] as const;
export type Role = (typeof roles)[number];

export const actions = [
  'workspace.read',
  'workspace.write',
  'experiments.read',
  'experiments.write',
  'runs.read',
  'runs.write',
  'secrets.list',
  'secrets.write',
  'secrets.read-value',
  'compute.read',
  'compute.write',
  'tokens.manage',
] as const;
/** Something a route needs its caller to be allowed to do. */
export type Action = (typeof actions)[number];

const reads: Action[] = ['workspace.read', 'experiments.read', 'runs.read', 'secrets.list', 'compute.read'];
const assetWrites: Action[] = ['experiments.write', 'runs.write', 'secrets.write'];

/** What each role may do. `secrets.read-value` belongs to run tokens only, never to a user role. */
export const roleActions: Record<Role, readonly Action[]> = {
  Owner: [...reads, ...assetWrites, 'workspace.write', 'compute.write', 'tokens.manage'],
  Contributor: [...reads, ...assetWrites, 'workspace.write', 'compute.write'],
  Reader: reads,
  'Data Scientist': [...reads, ...assetWrites],
  'Compute Operator': ['workspace.read', 'compute.read', 'compute.write'],
};

/** Whether a role allows an action. */
export function roleAllows(role: Role, action: Action): boolean {
  return roleActions[role].includes(action);
}
