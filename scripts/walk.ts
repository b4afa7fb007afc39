/**
 * Node shell of the packet-walk CLI: wires the pure runWalkCli() to the file
 * system and the process. Usage: npm run -s walk -- --help
 */
import { readFileSync, writeFileSync } from "node:fs";
import { runWalkCli } from "../lib/packet-walk/cli";

process.exitCode = runWalkCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, "utf8"),
  writeFile: (path, data) => writeFileSync(path, data),
});
