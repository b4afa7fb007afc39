"use client";
import "@xterm/xterm/css/xterm.css";
import type { Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import styles from "./labs.module.css";

/** A command already in the attempt's log, printed again when the page reloads. */
export interface LoggedCommand {
  node: string;
  netns: string;
  line: string;
  output: string;
}

/** Where a shell can open: a node's root namespace or a pod. */
export interface TerminalTarget {
  node: string;
  netns: string;
  /** What the tab says: "node1", "pod web-1 (node2)". */
  label: string;
}

interface CommandAnswer {
  output?: string;
  exitCode?: number;
  changed?: boolean;
  error?: string;
}

const HISTORY_LIMIT = 200;
/** A typed line, not an upload: the terminal stops taking keys here (the server refuses lines over 4096). */
const MAX_LINE = 1000;

function promptOf(target: Pick<TerminalTarget, "node" | "netns">): string {
  const host = target.netns === "host" ? target.node : target.netns.slice("pod:".length);
  const dir = target.netns === "host" ? "~" : "/";
  return `\x1b[1;32mroot@${host}\x1b[0m:\x1b[1;34m${dir}\x1b[0m# `;
}

/** Terminal text: xterm moves to the next line only on \r\n. */
function crlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

/**
 * The lab's terminal: xterm.js (loaded only here, on lab pages) with a small line editor
 * (typing, Backspace, ↑/↓ history, Ctrl+C, Ctrl+L, paste of several lines). Each line goes to
 * the server, which runs it against the lab's broken cluster and logs it; the terminal only
 * prints what the server answers, so nothing about the fault is in the browser.
 */
export function LabTerminal({
  attemptId,
  targets,
  initialTarget,
  disabled,
  log = [],
  onCommand,
}: {
  attemptId: string;
  targets: readonly TerminalTarget[];
  initialTarget: TerminalTarget;
  /** After submit: the terminal shows the log but takes no more commands. */
  disabled?: boolean;
  /** The attempt's earlier commands: the terminal starts where the learner left it. */
  log?: readonly LoggedCommand[];
  onCommand?: (answer: { line: string; changed: boolean }) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [target, setTarget] = useState<TerminalTarget>(initialTarget);
  const [ready, setReady] = useState(false);
  const [lastOutput, setLastOutput] = useState("");
  /** Commands answered since the page loaded: the frame carries it so a test (or an extension) can wait for an answer. */
  const [answered, setAnswered] = useState(0);
  const targetRef = useRef(target);
  const termRef = useRef<Terminal | null>(null);
  const onCommandRef = useRef(onCommand);
  const disabledRef = useRef(disabled);
  // The terminal's handlers live as long as the terminal; they read the latest props through these.
  useEffect(() => {
    onCommandRef.current = onCommand;
    disabledRef.current = disabled;
  }, [onCommand, disabled]);

  useEffect(() => {
    let disposed = false;
    let cleanup: (() => void) | undefined;
    void (async () => {
      const [{ Terminal: XTerm }, { FitAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);
      if (disposed || !host.current) return;
      const term = new XTerm({
        rows: 22,
        cursorBlink: true,
        convertEol: false,
        fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
        fontSize: 14,
        scrollback: 2000,
        screenReaderMode: false,
        theme: { background: "#0d1117", foreground: "#e6edf3", cursor: "#e6edf3" },
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(host.current);
      term.textarea?.setAttribute("aria-label", "Lab terminal: type a command and press Enter");
      fit.fit();
      termRef.current = term;

      let line = "";
      let busy = false;
      const queue: string[] = [];
      const history: string[] = [];
      let historyAt = 0;

      const prompt = () => term.write(promptOf(targetRef.current));
      const replaceLine = (next: string) => {
        term.write("\b \b".repeat(line.length));
        line = next.slice(0, MAX_LINE);
        term.write(line);
      };

      const run = async (command: string) => {
        busy = true;
        if (command.trim() !== "") {
          if (history[history.length - 1] !== command) history.push(command);
          if (history.length > HISTORY_LIMIT) history.shift();
        }
        historyAt = history.length;
        if (command.trim() === "clear") {
          term.clear();
        } else if (command.trim() !== "") {
          const where = targetRef.current;
          let answer: CommandAnswer;
          try {
            const res = await fetch(`/api/lab-attempts/${attemptId}/commands`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ target: { node: where.node, netns: where.netns }, line: command }),
            });
            answer = (await res.json().catch(() => ({ error: `The server answered ${res.status}.` }))) as CommandAnswer;
            if (!res.ok && !answer.error) answer.error = `The server answered ${res.status}.`;
          } catch {
            answer = { error: "The lab server could not be reached; your command was not run." };
          }
          if (answer.error) {
            term.write(`\x1b[31mlab: ${crlf(answer.error)}\x1b[0m\r\n`);
            setLastOutput(`lab: ${answer.error}`);
          } else {
            term.write(crlf(answer.output ?? ""));
            setLastOutput(answer.output ?? "");
            onCommandRef.current?.({ line: command, changed: answer.changed === true });
          }
        }
        busy = false;
        setAnswered((n) => n + 1);
        prompt();
        const next = queue.shift();
        if (next !== undefined) {
          term.write(next + "\r\n");
          void run(next);
        }
      };

      const submitLine = () => {
        const command = line;
        line = "";
        term.write("\r\n");
        void run(command);
      };

      const data = term.onData((input) => {
        if (disabledRef.current) return;
        // A paste of several lines runs them one after another, like a real shell.
        if (input.length > 1 && /[\r\n]/.test(input) && !input.startsWith("\x1b")) {
          const parts = input.replace(/\r\n/g, "\n").split(/[\r\n]/);
          const last = parts.pop() ?? "";
          for (const part of parts) {
            if (busy) queue.push(part);
            else {
              replaceLine(line + part);
              submitLine();
            }
          }
          if (last) replaceLine(line + last);
          return;
        }
        if (busy) return;
        switch (input) {
          case "\r":
            submitLine();
            return;
          case "\x7f":
          case "\b":
            if (line.length > 0) {
              line = line.slice(0, -1);
              term.write("\b \b");
            }
            return;
          case "\x03":
            term.write("^C\r\n");
            line = "";
            prompt();
            return;
          case "\x0c":
            term.clear();
            return;
          case "\x1b[A":
            if (historyAt > 0) replaceLine(history[--historyAt] ?? "");
            return;
          case "\x1b[B":
            if (historyAt < history.length) {
              historyAt += 1;
              replaceLine(history[historyAt] ?? "");
            }
            return;
        }
        if (input.startsWith("\x1b")) return;
        // Printable characters only: control bytes never reach the command line.
        const printable = [...input].filter((ch) => ch >= " " && ch !== "\x7f").join("");
        const room = MAX_LINE - line.length;
        if (room <= 0 || printable === "") return;
        const added = printable.slice(0, room);
        line += added;
        term.write(added);
      });

      for (const c of log) {
        term.write(`${promptOf(c)}${c.line}\r\n${crlf(c.output)}`);
        if (c.line.trim()) history.push(c.line);
      }
      historyAt = history.length;
      if (disabledRef.current) {
        term.write("\x1b[2m— this attempt is submitted: the terminal is read-only —\x1b[0m\r\n");
      } else {
        term.write(`Shell on ${targetRef.current.label}. Type \x1b[1mhelp\x1b[0m for the commands this lab answers.\r\n`);
        prompt();
      }
      const onResize = () => fit.fit();
      window.addEventListener("resize", onResize);
      setReady(true);
      cleanup = () => {
        window.removeEventListener("resize", onResize);
        data.dispose();
        term.dispose();
        termRef.current = null;
      };
    })();
    return () => {
      disposed = true;
      cleanup?.();
    };
    // The log is the attempt's state at page load; later commands are printed as they run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attemptId]);

  function switchTo(next: TerminalTarget) {
    setTarget(next);
    targetRef.current = next;
    const term = termRef.current;
    if (term) {
      term.write(`\r\n\x1b[2m— shell on ${next.label} —\x1b[0m\r\n${promptOf(next)}`);
      term.focus();
    }
  }

  return (
    <div className={styles.terminalFrame} data-commands-answered={answered}>
      <div role="group" aria-label="Open a shell on" className={styles.targets}>
        {targets.map((t) => {
          const current = t.node === target.node && t.netns === target.netns;
          return (
            <button key={`${t.node}/${t.netns}`} type="button" aria-pressed={current} className={current ? styles.targetCurrent : styles.target} onClick={() => switchTo(t)}>
              {t.label}
            </button>
          );
        })}
      </div>
      <div ref={host} className={styles.terminal} data-ready={ready ? "true" : "false"} aria-busy={!ready} onClick={() => termRef.current?.focus()} />
      {/* Screen readers hear each command's output here; the canvas of cells is not readable to them. */}
      <pre className="visually-hidden" aria-live="polite" aria-atomic="true">
        {lastOutput}
      </pre>
    </div>
  );
}
