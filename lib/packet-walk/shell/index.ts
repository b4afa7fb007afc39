/**
 * Public API of the lab shell (see ./types.ts). Imported only by lab code (the server's lab
 * routes and lib/labs), never by the lesson diagram's browser entry.
 */
import { PacketWalkInputError } from "../addresses";
import type { ShellEnvironment, ShellResult, ShellTarget } from "./types";

export type { ShellEnvironment, ShellObservation, ShellResult, ShellTarget, ShellView } from "./types";

/** Runs one command line typed at `target` and returns what the terminal prints and the new cluster. */
export function runShellCommand(env: ShellEnvironment, target: ShellTarget, line: string): ShellResult {
  void env;
  void target;
  void line;
  throw new PacketWalkInputError("the lab shell is not implemented yet");
}
