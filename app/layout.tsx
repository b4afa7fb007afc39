import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AuthSessionProvider } from "@/components/auth/session-provider";
import { UserMenu } from "@/components/auth/user-menu";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CNI Academy", template: "%s · CNI Academy" },
  description: "Learn how Kubernetes pod networking really works: lessons, a packet-walk simulator and auto-graded quizzes.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AuthSessionProvider>
          <a className="skip-link" href="#main">Skip to content</a>
          <header className="site-header">
            <nav aria-label="Main">
              <Link href="/" className="brand">CNI Academy</Link>
              <Link href="/">Lessons</Link>
              <UserMenu />
            </nav>
          </header>
          <main id="main">{children}</main>
        </AuthSessionProvider>
      </body>
    </html>
  );
}
