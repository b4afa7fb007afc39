"use client";
import Link from "next/link";
import { useEffect, useRef, type ReactNode } from "react";
import { signOut } from "@/lib/browser/auth-client";
import { useViewer } from "@/lib/browser/viewer";

/**
 * Sign-in / account links in the header. A client leaf so static lesson pages stay static.
 * Its box has a fixed size per state, chosen before paint from this browser's last state
 * (html[data-viewer], lib/browser/page-boot.ts), so nothing in the header moves when the
 * session answer arrives (globals.css, .user-menu). Instructors also see Teach, admins Teach
 * and Admin; their role is remembered the same way (html[data-viewer-role]) so the wider
 * corner is reserved too. The links are shortcuts: /teach and /admin check the role on the server.
 *
 * On a phone the links fold into one "Account" menu beside Lessons and Quizzes, so the
 * header is two rows (links, then search and theme) whoever is reading; signed out it is a
 * single "Sign in" link, whose page offers sign-up.
 */
export function UserMenu() {
  const viewer = useViewer();
  if (viewer.status === "loading") return <div className="user-menu" aria-hidden="true" />;
  if (viewer.status === "signed-out") {
    return (
      <div className="user-menu">
        <Link href="/signin">Sign in</Link>
        <Link href="/signup" className="button user-menu-wide">Sign up</Link>
      </div>
    );
  }
  const links = (
    <>
      {(viewer.role === "instructor" || viewer.role === "admin") && <Link href="/teach">Teach</Link>}
      {viewer.role === "admin" && <Link href="/admin/users">Admin</Link>}
      <Link href="/me">My progress</Link>
      <Link href="/me/account" title={`Account settings for ${viewer.email}`} className="user-menu-email">{viewer.email}</Link>
      <button type="button" className="secondary" onClick={() => void signOut("/")}>
        Sign out
      </button>
    </>
  );
  return (
    <div className="user-menu">
      <div className="user-menu-wide user-menu-links">{links}</div>
      <CompactMenu>{links}</CompactMenu>
    </div>
  );
}

/** The phone's folded menu: a disclosure that closes on Escape, on a click outside and after a pick. */
function CompactMenu({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const details = ref.current;
    if (!details) return;
    const close = () => {
      details.open = false;
    };
    const onPointer = (e: PointerEvent) => {
      if (details.open && !details.contains(e.target as Node)) close();
    };
    // A pick navigates within the app, so the header (and this menu) stays mounted: close it.
    const onPick = (e: MouseEvent) => {
      if ((e.target as HTMLElement).closest(".user-menu-panel a, .user-menu-panel button")) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && details.open) {
        close();
        details.querySelector("summary")?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    details.addEventListener("click", onPick);
    return () => {
      details.removeEventListener("click", onPick);
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, []);
  return (
    <details ref={ref} className="user-menu-compact">
      <summary>Account</summary>
      <div className="user-menu-panel">{children}</div>
    </details>
  );
}
