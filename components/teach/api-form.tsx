"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import styles from "./teach.module.css";

/**
 * One small client leaf for every teaching form: it turns the fields into the JSON the
 * route handler validates (numbers as numbers, empty as null, local date-times as UTC
 * ISO), shows the server's field errors next to their fields, then refreshes the server
 * components (or follows the `url` the handler returns). The server is the authority:
 * nothing here is a check.
 */
export type FormField =
  | { kind: "text" | "email" | "password"; name: string; label: string; required?: boolean; defaultValue?: string; placeholder?: string; autoComplete?: string }
  | { kind: "textarea"; name: string; label: string; rows?: number; placeholder?: string; defaultValue?: string }
  | { kind: "number"; name: string; label: string; min?: number; max?: number; defaultValue?: number; hint?: string }
  /** `defaultIso`: an instant the browser shows in its own time zone (the server cannot know it). */
  | { kind: "datetime"; name: string; label: string; required?: boolean; defaultValue?: string; defaultIso?: string | null }
  | { kind: "date"; name: string; label: string; required?: boolean; defaultValue?: string }
  | { kind: "select"; name: string; label: string; options: { value: string; label: string }[]; defaultValue?: string }
  | { kind: "checkboxes"; name: string; label: string; options: { value: string; label: string }[] }
  | { kind: "hidden"; name: string; value: string };

function valueOf(field: FormField, form: FormData): unknown {
  if (field.kind === "hidden") return field.value;
  if (field.kind === "checkboxes") return form.getAll(field.name).map(String);
  const raw = String(form.get(field.name) ?? "").trim();
  if (field.kind === "number") return raw === "" ? null : Number(raw);
  if (field.kind === "datetime") return raw === "" ? null : new Date(raw).toISOString();
  if (field.kind === "date") return raw === "" ? null : raw;
  if (field.kind === "select") return raw === "" ? null : raw;
  return raw;
}

/** The `datetime-local` text of an instant in this browser's time zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Fills a date-time input once, after hydration, so server and browser render the same HTML. */
function initLocalDateTime(el: HTMLInputElement | null, iso: string) {
  if (!el || el.dataset.initialised === iso) return;
  el.dataset.initialised = iso;
  el.defaultValue = toLocalInput(iso);
  el.value = el.defaultValue;
}

export function ApiForm({
  action,
  method = "POST",
  fields,
  submitLabel,
  label,
  followUrl = false,
}: {
  action: string;
  method?: "POST" | "PUT" | "PATCH";
  fields: FormField[];
  submitLabel: string;
  label: string;
  /** Navigate to the `url` in the response instead of refreshing the page. */
  followUrl?: boolean;
}) {
  const router = useRouter();
  const id = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const body = Object.fromEntries(fields.map((f) => [f.name, valueOf(f, form)]));
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const res = await fetch(action, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const data = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: Record<string, string>; message?: string; url?: string };
      if (!res.ok) {
        setErrors({ ...(data.fieldErrors ?? {}), form: data.error ?? `The request failed (${res.status}).` });
        return;
      }
      if (followUrl && data.url) {
        router.push(data.url);
        return;
      }
      setMessage(data.message ?? "Saved.");
      formEl.reset();
      router.refresh();
    } catch {
      setErrors({ form: "The network failed. Try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={label} className={styles.form}>
      {errors.form && <p role="alert" className="form-error">{errors.form}</p>}
      {message && <p role="status" className={styles.ok}>{message}</p>}
      {fields.map((f) => {
        if (f.kind === "hidden") return null;
        const fid = `${id}-${f.name}`;
        const error = errors[f.name];
        const described = error ? `${fid}-error` : undefined;
        const common = { id: fid, name: f.name, "aria-invalid": error ? true : undefined, "aria-describedby": described } as const;
        let control;
        if (f.kind === "textarea") control = <textarea {...common} rows={f.rows ?? 5} placeholder={f.placeholder} className={styles.textarea} defaultValue={f.defaultValue} />;
        else if (f.kind === "select")
          control = (
            <select {...common} defaultValue={f.defaultValue ?? ""}>
              {f.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
            </select>
          );
        else if (f.kind === "checkboxes")
          return (
            <fieldset key={f.name} className={styles.checkboxes} aria-describedby={described}>
              <legend>{f.label}</legend>
              {f.options.map((o) => (
                <label key={o.value}><input type="checkbox" name={f.name} value={o.value} /> {o.label}</label>
              ))}
              {error && <span id={`${fid}-error`} className="field-error">{error}</span>}
            </fieldset>
          );
        else if (f.kind === "number") control = <input {...common} type="number" min={f.min} max={f.max} defaultValue={f.defaultValue} />;
        else if (f.kind === "datetime")
          control = <input {...common} type="datetime-local" required={f.required} defaultValue={f.defaultValue} ref={f.defaultIso ? (el) => initLocalDateTime(el, f.defaultIso!) : undefined} />;
        else if (f.kind === "date") control = <input {...common} type="date" required={f.required} defaultValue={f.defaultValue} />;
        else control = <input {...common} type={f.kind} required={f.required} defaultValue={f.defaultValue} placeholder={f.placeholder} autoComplete={f.autoComplete} />;
        return (
          <div key={f.name} className="field">
            <label htmlFor={fid}>{f.label}{f.kind === "number" && f.hint ? <span className="muted"> ({f.hint})</span> : null}</label>
            {control}
            {error && <span id={`${fid}-error`} className="field-error">{error}</span>}
          </div>
        );
      })}
      <button type="submit" disabled={busy}>{busy ? "Working…" : submitLabel}</button>
    </form>
  );
}
