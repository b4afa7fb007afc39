"use client";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { prepareIndex, searchLessons, tokenize, type PreparedIndex, type SearchIndex } from "@/lib/content/search";
import { highlightPieces } from "@/lib/text/highlight";
import styles from "./lesson-search.module.css";

/** The index is a static file written at build; fetched once per page load, on first use. */
let indexPromise: Promise<PreparedIndex> | null = null;
function loadIndex(): Promise<PreparedIndex> {
  indexPromise ??= fetch("/search-index.json")
    .then((res) => {
      if (!res.ok) throw new Error(`search index: HTTP ${res.status}`);
      return res.json() as Promise<SearchIndex>;
    })
    .then(prepareIndex)
    .catch((error: unknown) => {
      indexPromise = null;
      throw error;
    });
  return indexPromise;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * Lesson search in the site header: a combobox over results computed in the browser.
 * "/" focuses it from anywhere, arrows move through results, Enter opens one, Escape closes.
 */
export function LessonSearch() {
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [index, setIndex] = useState<PreparedIndex | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const results = useMemo(() => (index ? searchLessons(index, query) : []), [index, query]);
  const terms = useMemo(() => tokenize(query), [query]);

  // The panel does not scroll by itself (a scroll box without focusable content is a keyboard
  // trap for screen magnifier users); keep the active option in view of the page instead.
  useEffect(() => {
    if (open) document.getElementById(`${listId}-option-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [active, open, listId]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target)) {
        event.preventDefault();
        inputRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  function ensureIndex() {
    if (index) return;
    loadIndex().then(
      (loaded) => {
        setIndex(loaded);
        setFailed(false);
      },
      () => setFailed(true),
    );
  }

  function go(href: string) {
    setOpen(false);
    setQuery("");
    inputRef.current?.blur();
    router.push(href);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      if (results.length > 0) setActive((a) => (a + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length);
    } else if (event.key === "Enter") {
      const chosen = results[active];
      if (open && chosen) {
        event.preventDefault();
        go(chosen.href);
      }
    } else if (event.key === "Escape") {
      if (open) setOpen(false);
      else setQuery("");
    }
  }

  const showPanel = open && query.trim() !== "";
  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <div className={styles.search} role="search">
      <label className={styles.label} htmlFor={`${listId}-input`}>
        Search lessons
      </label>
      <input
        ref={inputRef}
        id={`${listId}-input`}
        className={styles.input}
        type="search"
        placeholder="Search lessons  /"
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showPanel}
        aria-controls={listId}
        aria-activedescendant={showPanel && results[active] ? optionId(active) : undefined}
        value={query}
        onFocus={() => {
          ensureIndex();
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          ensureIndex();
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      <div className={styles.panel} hidden={!showPanel}>
        <ul id={listId} role="listbox" aria-label="Matching lessons" className={styles.results}>
          {results.map((r, i) => (
            <li
              key={r.slug}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={styles.option}
              // mousedown, not click: the input's blur would otherwise close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                go(r.href);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className={styles.title}><Highlighted text={r.title} terms={terms} /></span>
              {r.heading && <span className={styles.heading}>§ <Highlighted text={r.heading} terms={terms} /></span>}
              <span className={styles.snippet}><Highlighted text={r.snippet} terms={terms} /></span>
            </li>
          ))}
        </ul>
        <p className={styles.status} aria-live="polite">
          {failed
            ? "The search index could not be loaded."
            : !index
              ? "Loading…"
              : results.length === 0
                ? `No lesson mentions “${query.trim()}”.`
                : `${results.length} ${results.length === 1 ? "lesson" : "lessons"}; ↑↓ to choose, Enter to open.`}
        </p>
      </div>
    </div>
  );
}

/** The query's terms marked in a result's text, built as elements (never as HTML). */
function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <>
      {highlightPieces(text, terms).map((piece, i) => (piece.match ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>))}
    </>
  );
}
