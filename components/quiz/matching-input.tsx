"use client";
import styles from "./quiz.module.css";
import { InlineText } from "@/components/inline-text";
import { plainInlineText } from "@/lib/text/inline-code";

/** Match each prompt with a choice from a list (choices may be used more than once). */
export function MatchingInput({
  prompts,
  choices,
  pairs,
  onChange,
  disabled = false,
}: {
  prompts: { id: string; text: string }[];
  choices: { id: string; text: string }[];
  pairs: Record<string, string>;
  onChange: (pairs: Record<string, string>) => void;
  disabled?: boolean;
}) {
  return (
    <>
      {prompts.map((p) => (
        <label className={styles.matchRow} key={p.id}>
          <span><InlineText text={p.text} /></span>
          <select
            value={pairs[p.id] ?? ""}
            disabled={disabled}
            onChange={(e) => {
              const next = { ...pairs };
              if (e.target.value) next[p.id] = e.target.value;
              else delete next[p.id];
              onChange(next);
            }}
          >
            <option value="">Choose…</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {plainInlineText(c.text)}
              </option>
            ))}
          </select>
        </label>
      ))}
    </>
  );
}
