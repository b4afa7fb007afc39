"use client";

import { lazy, Suspense, useEffect, useRef, type ComponentProps } from "react";
import type { PacketWalkDiagram } from "./packet-walk-diagram";

/**
 * The interactive diagram and the engine it runs (~36 kB gzipped) load only when a reader
 * comes near one: lesson pages without a `<PacketWalk>` never reference the chunk, and on
 * those with one it is not part of the first load. The diagram is still rendered on the
 * server at hop 1, and React keeps that HTML in place (a dehydrated Suspense boundary)
 * until the code arrives, so the first paint shows the diagram and nothing shifts when it
 * comes alive (docs/decisions/017-first-load-javascript.md).
 *
 * One gate for the page: the first diagram that comes within a screen of the viewport, or
 * that the reader points at or tabs into, loads the chunk for all of them.
 */
let openGate: () => void = () => {};
const gate: Promise<void> =
  typeof window === "undefined"
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        openGate = resolve;
      });

const Diagram = lazy(() => gate.then(() => import("./packet-walk-diagram")).then((m) => ({ default: m.PacketWalkDiagram })));

export function LazyPacketWalkDiagram(props: ComponentProps<typeof PacketWalkDiagram>) {
  const slot = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = slot.current;
    if (!el) return;
    const open = () => openGate();
    // A reader who interacts before the observer fires (keyboard from the table of contents, a fast click).
    el.addEventListener("pointerdown", open, { capture: true, once: true });
    el.addEventListener("focusin", open, { capture: true, once: true });
    if (typeof IntersectionObserver === "undefined") {
      open();
      return;
    }
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && open(), { rootMargin: "100% 0px" });
    observer.observe(el);
    return () => {
      observer.disconnect();
      el.removeEventListener("pointerdown", open, { capture: true });
      el.removeEventListener("focusin", open, { capture: true });
    };
  }, []);
  return (
    <div ref={slot}>
      <Suspense fallback={null}>
        <Diagram {...props} />
      </Suspense>
    </div>
  );
}
