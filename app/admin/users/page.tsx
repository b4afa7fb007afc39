import type { Metadata } from "next";
import { ActionButton } from "@/components/teach/action-button";
import { RoleSelect } from "@/components/teach/role-select";
import { requireRole } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { listUsersForAdmin } from "@/lib/roles.server";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Users and roles" };
type Props = { searchParams: Promise<{ q?: string }> };

/** Admins promote users to instructor or admin (404 for everyone else). */
export default async function AdminUsersPage({ searchParams }: Props) {
  const user = await requireRole("/admin/users", ["admin"]);
  const q = String((await searchParams).q ?? "");
  const list = await listUsersForAdmin(db, user, q);
  if (!list.ok) return null;
  return (
    <>
      <h1>Users and roles</h1>
      <form method="get" role="search" aria-label="Find users">
        <label htmlFor="q">Email contains</label>{" "}
        <input id="q" name="q" type="text" defaultValue={q} /> <button type="submit" className="secondary">Search</button>
      </form>
      <table tabIndex={0} aria-label="Users">
        <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Role</th><th scope="col">Account</th></tr></thead>
        <tbody>
          {list.users.map((u) => (
            <tr key={u.id} data-user={u.email}>
              <td>{u.email}{u.disabledAt ? " (disabled)" : ""}</td>
              <td>{u.name ?? ""}</td>
              <td><LocalTime iso={u.createdAt.toISOString()} /></td>
              <td><RoleSelect userId={u.id} email={u.email} role={u.role} disabled={u.id === user.id} /></td>
              <td>
                {u.id === user.id ? (
                  <span className="muted">you</span>
                ) : (
                  <>
                    {u.disabledAt ? (
                      <ActionButton action={`/api/admin/users/${u.id}/disabled`} method="PUT" label="Enable" body={{ disabled: false }} secondary />
                    ) : (
                      <ActionButton action={`/api/admin/users/${u.id}/disabled`} method="PUT" label="Disable" body={{ disabled: true }} secondary />
                    )}{" "}
                    <ActionButton action={`/api/admin/users/${u.id}/password-reset`} label="Send reset link" secondary />{" "}
                    <ActionButton
                      action={`/api/admin/users/${u.id}`}
                      method="DELETE"
                      label="Delete"
                      confirm={`Delete ${u.email} and all their data? This cannot be undone.`}
                      secondary
                    />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
