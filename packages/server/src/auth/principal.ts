/** Who is calling, and what their roles let them do. */
import { AuthError, roleAllows, type Action, type Role } from '@cairn/api';

export interface Assignment {
  /** null: every workspace. */
  workspaceId: number | null;
  workspace: string | null;
  role: Role;
}

export interface Principal {
  userId: number;
  user: string;
  tokenId: string;
  /** Set for run-scoped tokens: the one run this token reaches. */
  runId: string | null;
  assignments: Assignment[];
}

/** Whether the principal may do `action` in a workspace (or globally when `workspaceId` is null). */
export function can(principal: Principal, action: Action, workspaceId: number | null): boolean {
  return principal.assignments.some(
    (a) => (a.workspaceId === null || a.workspaceId === workspaceId) && roleAllows(a.role, action),
  );
}

/** Throws FORBIDDEN unless the principal may do `action`. */
export function authorize(principal: Principal, action: Action, workspace: { id: number; name: string } | null): void {
  if (can(principal, action, workspace?.id ?? null)) return;
  const where = workspace ? `in workspace ${workspace.name}` : 'across workspaces';
  const roles = principal.assignments.map((a) => `${a.role}${a.workspace ? ` on ${a.workspace}` : ' on all workspaces'}`).join(', ') || 'no role';
  throw new AuthError('FORBIDDEN', `${principal.user} (${roles}) may not ${action} ${where}; ask an Owner for a role that allows it`);
}
