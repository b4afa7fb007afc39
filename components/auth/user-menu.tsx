"use client";
import Link from "next/link";
import { signOut } from "@/lib/browser/auth-client";
import { useViewer } from "@/lib/browser/viewer";

/**
 * Sign-in / account links in the header. A client leaf so static lesson pages stay static.
 * Its box has a fixed size per state, chosen before paint from this browser's last state
 * (html[data-viewer], lib/browser/page-boot.ts), so nothing in the header moves when the
 * session answer arrives (globals.css, .user-menu). Instructors also see Teach, admins Teach
 * and Admin; their role is remembered the same way (html[data-viewer-role]) so the wider
 * corner is reserved too. The links are shortcuts: /teach and /admin check the role on the server.
 */
export function UserMenu() {
  const viewer = useViewer();
  if (viewer.status === "loading") return <div className="user-menu" aria-hidden="true" />;
  if (viewer.status === "signed-out") {
    return (
      <div className="user-menu">
        <Link href="/signin">Sign in</Link>
        <Link href="/signup" className="button">Sign up</Link>
      </div>
    );
  }
  return (
    <div className="user-menu">
      {(viewer.role === "instructor" || viewer.role === "admin") && <Link href="/teach">Teach</Link>}
      {viewer.role === "admin" && <Link href="/admin/users">Admin</Link>}
      <Link href="/me">My progress</Link>
      <Link href="/me/account" title={`Account settings for ${viewer.email}`} className="user-menu-email">{viewer.email}</Link>
      <button type="button" className="secondary" onClick={() => void signOut("/")}>
        Sign out
      </button>
    </div>
  );
}
