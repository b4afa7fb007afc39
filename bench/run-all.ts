/** `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run. */
import { runPacketWalkBench } from "./packet-walk";

async function main() {
  runPacketWalkBench({ log: (line) => console.log(line) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
