"use client";
import { useLayoutEffect, useRef, type ReactNode } from "react";
import { rememberSlotHeight, slotVariable } from "@/lib/browser/page-boot";

/**
 * A block of a static page that only the browser can fill (the learner's progress, their
 * assignments, the completion button). Until its content is ready it keeps the height it
 * had the last time this browser showed it at this width (the boot script in <head> set
 * that height before the first paint: lib/browser/page-boot.ts), so the page below does
 * not move when the content arrives. The first visit has nothing to go by, so it may shift
 * once; every later one lands in reserved space. Where the likely content is known (the
 * signed-out progress line), `placeholder` is laid out invisibly meanwhile, so even a first
 * visit does not shift.
 */
export function ReservedSlot({
  name,
  ready,
  children,
  placeholder,
  className,
}: {
  name: string;
  ready: boolean;
  children?: ReactNode;
  /** Laid out but invisible (and hidden from assistive technology) until ready. */
  placeholder?: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Every render once ready, not once: the content may grow (a button turns into a badge).
  useLayoutEffect(() => {
    if (ready && ref.current) rememberSlotHeight(name, ref.current.offsetHeight);
  });
  return (
    <div ref={ref} className={className} data-slot={name} aria-busy={ready ? undefined : true} style={ready ? undefined : { minHeight: `var(${slotVariable(name)}, 0px)` }}>
      {ready ? children : placeholder !== undefined && <div aria-hidden="true" style={{ visibility: "hidden" }}>{placeholder}</div>}
    </div>
  );
}
