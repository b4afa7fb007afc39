import type { InputHTMLAttributes } from "react";

/** A labelled input with its error message tied to it for screen readers. Text unless told otherwise, so every field gets the same style. */
export function Field({ label, name, error, type = "text", ...input }: { label: string; name: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const errorId = `${name}-error`;
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type={type} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...input} />
      {error && <span id={errorId} className="field-error">{error}</span>}
    </div>
  );
}
