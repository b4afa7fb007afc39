import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/auth/user-menu";
import { LessonSearch } from "@/components/search/lesson-search";
import { themeBootScript } from "@/components/theme/theme";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { pageBootScript } from "@/lib/browser/page-boot";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CNI Academy", template: "%s · CNI Academy" },
  description: "Learn how Kubernetes pod networking really works: lessons, a packet-walk simulator and auto-graded quizzes.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script sets data-theme before React hydrates, so <html>'s attributes differ from the server's on purpose.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeBootScript + pageBootScript }} />
      </head>
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="site-header">
          <nav aria-label="Main">
            <Link href="/" className="brand">CNI Academy</Link>
            <Link href="/lessons">Lessons</Link>
            <Link href="/quizzes">Quizzes</Link>
            <Link href="/labs">Labs</Link>
            <LessonSearch />
            <ThemeToggle />
            <UserMenu />
          </nav>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
