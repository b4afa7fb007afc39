"use client";
import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";

/** next-auth's client context, so header widgets can show who is signed in without making pages dynamic. */
export function AuthSessionProvider({ children }: { children: ReactNode }) {
  return <SessionProvider refetchOnWindowFocus={false}>{children}</SessionProvider>;
}
