"use client";
import type { PathAnswer } from "@/lib/quiz/path-questions";
import type { PublicPathQuestion } from "@/lib/quiz/present";
import { useMemo } from "react";
import { TopologyDiagram } from "@/components/packet-walk/topology-diagram";
import { DiagramViewport } from "@/components/packet-walk/diagram-viewport";
import { layoutTopology } from "@/lib/packet-walk/browser";
import styles from "./quiz.module.css";
import { InlineText } from "@/components/inline-text";

// Kept here rather than imported from lib/quiz/path-scenario, which would pull the engine's builders into the client bundle.
function deviceName(key: string): string {
  const [node, netns, device] = key.split("/");
  return netns === "host" ? `${node} ${device}` : `${(netns ?? "").replace(/^pod:/, "")} ${device}`;
}

/** The answer widget of an engine-generated path question. */
export function PathInput({
  question,
  index,
  answer,
  onChange,
  disabled = false,
}: {
  question: PublicPathQuestion;
  index: number;
  answer: PathAnswer | undefined;
  onChange: (answer: PathAnswer | undefined) => void;
  disabled?: boolean;
}) {
  const devices = answer?.devices ?? [];
  const kind = question.answerKind;
  const usesDiagram = kind === "devices" || kind === "device" || kind === "device-and-reason";
  const layout = useMemo(() => layoutTopology(question.topology), [question.topology]);
  const set = (next: PathAnswer) => onChange(Object.values(next).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0)) ? next : undefined);

  function select(key: string) {
    if (kind === "devices") set({ devices: devices.includes(key) ? devices.filter((d) => d !== key) : [...devices, key] });
    else if (kind === "device") set({ devices: devices[0] === key ? [] : [key] });
    else set({ devices: devices[0] === key ? [] : [key], reason: answer?.reason });
  }

  return (
    <div>
      <p className={styles.context}>{question.context}</p>
      {usesDiagram && (
        <>
          <DiagramViewport width={layout.width} height={layout.height} label={`Cluster diagram for question ${index + 1}`}>
            <TopologyDiagram
              topology={question.topology}
              layout={layout}
              title={`Cluster diagram for question ${index + 1}`}
              description={
                kind === "devices"
                  ? "Each device is a button: activate the devices the packet crosses, in order. Picks get numbered badges."
                  : "Each device is a button: activate the one device that answers the question."
              }
              idPrefix={`q-${question.id}`}
              selectedDeviceIds={devices}
              {...(disabled ? {} : { onDeviceClick: select })}
            />
          </DiagramViewport>
          {kind === "devices" && (
            <>
              <p className={styles.sequence} aria-live="polite">
                {devices.length ? `Your path: ${devices.map(deviceName).join(" → ")}` : "Click the devices in order."}
              </p>
              <div className={styles.toolbar}>
                <button type="button" className={`secondary ${styles.small}`} disabled={disabled || devices.length === 0} onClick={() => set({ devices: devices.slice(0, -1) })}>
                  Undo last
                </button>
                <button type="button" className={`secondary ${styles.small}`} disabled={disabled || devices.length === 0} onClick={() => set({ devices: [] })}>
                  Clear
                </button>
              </div>
            </>
          )}
          {kind !== "devices" && <p className={styles.sequence}>{devices[0] ? `Selected: ${deviceName(devices[0])}` : "Click one device."}</p>}
        </>
      )}
      {(kind === "choice" || kind === "device-and-reason") &&
        question.options.map((o) => {
          const field = kind === "choice" ? "choice" : "reason";
          return (
            <label className="option" key={o.id}>
              <input
                type="radio"
                name={`q-${question.id}-${field}`}
                checked={answer?.[field] === o.id}
                disabled={disabled}
                onChange={() => set(kind === "choice" ? { choice: o.id } : { devices, reason: o.id })}
              />
              <span><InlineText text={o.text} /></span>
            </label>
          );
        })}
      {kind === "text" && (
        <input
          type="text"
          maxLength={100}
          aria-label={`Answer to question ${index + 1}`}
          defaultValue={answer?.text ?? ""}
          disabled={disabled}
          onChange={(e) => set({ text: e.target.value.trim() ? e.target.value : undefined })}
        />
      )}
      {kind === "number" && (
        <input
          type="number"
          inputMode="numeric"
          aria-label={`Answer to question ${index + 1}`}
          defaultValue={answer?.value ?? ""}
          disabled={disabled}
          onChange={(e) => set({ value: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : undefined })}
        />
      )}
    </div>
  );
}
