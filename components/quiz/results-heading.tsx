"use client";
import { useEffect, useRef, type ReactNode } from "react";
import { justSubmittedKey } from "@/lib/quiz/attempt-progress";

/**
 * The results page's heading. When this browser has just submitted the attempt (the form
 * set a flag before asking for the results), focus and scroll move here, so a screen reader
 * announces the results and nobody is left mid-form looking at an old scroll position. A
 * results page opened later (a link, a reload) leaves focus where the browser puts it.
 */
export function ResultsHeading({ attemptId, children }: { attemptId: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    let fresh = false;
    try {
      fresh = sessionStorage.getItem(justSubmittedKey(attemptId)) === "1";
      sessionStorage.removeItem(justSubmittedKey(attemptId));
    } catch {
      // Storage blocked: nothing to go by.
    }
    if (!fresh || !ref.current) return;
    ref.current.scrollIntoView({ block: "start" });
    ref.current.focus({ preventScroll: true });
  }, [attemptId]);
  return (
    <h1 ref={ref} tabIndex={-1} data-testid="results-heading">
      {children}
    </h1>
  );
}
