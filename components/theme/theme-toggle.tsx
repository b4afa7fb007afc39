"use client";
import { useSyncExternalStore } from "react";
import { onStorageKeyChange } from "@/lib/browser/fetch-and-storage";
import { isThemeChoice, THEME_STORAGE_KEY, type ThemeChoice } from "./theme";
import styles from "./theme-toggle.module.css";

declare global {
  interface Window {
    /** Set by themeBootScript: re-reads the stored choice and updates <html data-theme>. */
    __cniApplyTheme?: (choice?: ThemeChoice) => void;
  }
}

const listeners = new Set<() => void>();

function readChoice(): ThemeChoice {
  const value = document.documentElement.getAttribute("data-theme-choice");
  return isThemeChoice(value) ? value : "system";
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab changed the theme: apply it here too.
  const unsubscribe = onStorageKeyChange(THEME_STORAGE_KEY, () => {
    window.__cniApplyTheme?.();
    listener();
  });
  return () => {
    listeners.delete(listener);
    unsubscribe();
  };
}

function choose(choice: ThemeChoice) {
  try {
    if (choice === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage blocked (private mode): the choice still applies to this page.
  }
  window.__cniApplyTheme?.(choice);
  listeners.forEach((l) => l());
}

/** Light / dark / system switch in the header. The server renders "system"; the browser corrects it after hydration. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, readChoice, () => "system" as ThemeChoice);
  return (
    <label className={styles.toggle}>
      <span className={styles.label}>Theme</span>
      <select value={choice} onChange={(e) => isThemeChoice(e.target.value) && choose(e.target.value)}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
