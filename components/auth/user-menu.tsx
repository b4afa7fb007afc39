"use client";
import Link from "next/link";
import { signOut, useSession } from "next-auth/react";

/** Sign-in / account links in the header. A client leaf so static lesson pages stay static. */
export function UserMenu() {
  const { data, status } = useSession();
  if (status === "loading") return <span className="muted" aria-hidden="true" style={{ minWidth: "8rem" }} />;
  if (!data?.user) {
    return (
      <>
        <Link href="/signin">Sign in</Link>
        <Link href="/signup" className="button">Sign up</Link>
      </>
    );
  }
  return (
    <>
      <Link href="/me">My progress</Link>
      <Link href="/me/account" title="Account settings">{data.user.email}</Link>
      <button type="button" className="secondary" onClick={() => void signOut({ callbackUrl: "/" })}>
        Sign out
      </button>
    </>
  );
}
