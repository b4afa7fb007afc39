"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import styles from "./diagram-viewport.module.css";

/** A box in the drawing's own units (a device's layout). */
export interface ViewportBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Zoom steps. 1 is the default everywhere: one drawing unit = one CSS pixel, so 12-unit text is 12 px. */
export const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
const DEFAULT_STEP = ZOOM_STEPS.indexOf(1);

export interface DiagramViewportProps {
  /** The drawing's natural size (its layout), in drawing units. */
  readonly width: number;
  readonly height: number;
  /** Names the scrollable drawing for assistive technology ("Drawing: 10.244.1.2 → …"). */
  readonly label: string;
  /** A box to keep in view (the packet's current device): scrolled to when it changes and is not fully visible. */
  readonly follow?: ViewportBox;
  /** The SVG; it is sized to fill the viewport's inner box. */
  readonly children: ReactNode;
}

/**
 * Every cluster drawing (lesson walk, path question, review, heatmap) is shown through this:
 * at its natural size by default, so text is as large in a quiz as in a lesson and never
 * shrinks with the screen; a drawing wider or taller than the screen scrolls inside its
 * frame and follows the packet; zoom and a full-screen view are one click away.
 * Full screen is a fixed overlay rather than the Fullscreen API, which iOS Safari lacks
 * for anything but video.
 */
export function DiagramViewport({ width, height, label, follow, children }: DiagramViewportProps) {
  const [step, setStep] = useState(DEFAULT_STEP);
  const [expanded, setExpanded] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const zoom = ZOOM_STEPS[step]!;

  useEffect(() => {
    if (!expanded) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape") setExpanded(false);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [expanded]);

  const followKey = follow ? `${follow.x},${follow.y},${follow.width},${follow.height}` : "";
  useEffect(() => {
    const el = scroller.current;
    if (!el || !follow) return;
    const box = { left: follow.x * zoom, top: follow.y * zoom, right: (follow.x + follow.width) * zoom, bottom: (follow.y + follow.height) * zoom };
    // Room above for the "hop N" badge drawn over the device.
    const margin = 28;
    const visible = box.left >= el.scrollLeft && box.right <= el.scrollLeft + el.clientWidth && box.top - margin >= el.scrollTop && box.bottom <= el.scrollTop + el.clientHeight;
    if (visible) return;
    const reduce = typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    el.scrollTo({
      left: Math.max(0, (box.left + box.right) / 2 - el.clientWidth / 2),
      top: Math.max(0, (box.top + box.bottom) / 2 - el.clientHeight / 2),
      behavior: reduce ? "auto" : "smooth",
    });
    // followKey stands for `follow`; zoom changes re-centre too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [followKey, zoom, expanded]);

  return (
    <div className={`${styles.frame} ${expanded ? styles.expanded : ""}`} data-testid="diagram-viewport" data-zoom={zoom}>
      <div className={styles.tools} role="toolbar" aria-label={`Drawing view: ${label}`}>
        <button type="button" onClick={() => setStep(Math.max(0, step - 1))} disabled={step === 0} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={() => setStep(DEFAULT_STEP)} aria-label={`Zoom ${Math.round(zoom * 100)}%, reset to 100%`} className={styles.zoomValue}>
          {Math.round(zoom * 100)}%
        </button>
        <button type="button" onClick={() => setStep(Math.min(ZOOM_STEPS.length - 1, step + 1))} disabled={step === ZOOM_STEPS.length - 1} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => setExpanded(!expanded)} aria-pressed={expanded}>
          {expanded ? "Exit full screen" : "Full screen"}
        </button>
      </div>
      {/* It scrolls when the drawing is larger than the frame, so it must be reachable by keyboard. */}
      <div className={styles.scroller} ref={scroller} role="group" tabIndex={0} aria-label={label}>
        <div className={styles.sized} style={{ width: `${width * zoom}px`, height: `${height * zoom}px` }}>
          {children}
        </div>
      </div>
    </div>
  );
}
