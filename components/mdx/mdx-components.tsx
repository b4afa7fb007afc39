import { Callout } from "./callout";
import { CheckYourself } from "./check-yourself";
import { Fact } from "./fact";
import { PacketWalk } from "./packet-walk";

/**
 * The one map of components a lesson may use. MDX files import nothing: whatever they
 * render comes from here (kentcdodds.com keeps the same single registry).
 */
export const mdxComponents = {
  Callout,
  CheckYourself,
  Fact,
  PacketWalk,
};
