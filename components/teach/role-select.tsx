"use client";
import { useState } from "react";

/** Changes one user's role through PUT /api/admin/users/[id]/role (admins only, checked there). */
export function RoleSelect({ userId, email, role, disabled }: { userId: string; email: string; role: string; disabled: boolean }) {
  const [value, setValue] = useState(role);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState(false);

  async function change(next: string) {
    const previous = value;
    setValue(next);
    setStatus("Saving…");
    setError(false);
    const res = await fetch(`/api/admin/users/${userId}/role`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ role: next }) }).catch(() => null);
    const data = (await res?.json().catch(() => ({}))) as { message?: string; error?: string } | undefined;
    if (!res?.ok) {
      setValue(previous);
      setError(true);
      setStatus(data?.error ?? "The network failed. Try again.");
      return;
    }
    setStatus(data?.message ?? "Saved.");
  }

  return (
    <>
      <select aria-label={`Role of ${email}`} value={value} disabled={disabled} onChange={(e) => void change(e.target.value)}>
        <option value="learner">learner</option>
        <option value="instructor">instructor</option>
        <option value="admin">admin</option>
      </select>
      {status && <span role={error ? "alert" : "status"} className={error ? "field-error" : "muted"}> {status}</span>}
    </>
  );
}
