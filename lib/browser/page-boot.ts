/**
 * What the page knows before React does. An inline script in <head> (pageBootScript, run
 * before the body is parsed) reads this browser's hints from localStorage and puts them
 * on <html>: whether the reader was signed in last time (`data-viewer`, so the header keeps
 * the right shape) and the last heights of the client-filled blocks (`--slot-<name>`, read
 * by components/layout/reserved-slot.tsx). Hints only shape the layout; nothing trusts them.
 */
export const SLOT_HEIGHTS_KEY = "cni-academy:slot-heights";
export const VIEWER_HINT_KEY = "cni-academy:viewer";
/** The signed-in reader's role when it adds header links (instructor: Teach; admin: Teach and Admin), so the corner is sized for them. */
export const VIEWER_ROLE_HINT_KEY = "cni-academy:viewer-role";
/** Heights are kept per 50 px of viewport width: text wraps differently on a phone and a laptop. */
const WIDTH_STEP = 50;

export function slotVariable(name: string): string {
  return `--slot-${name}`;
}

function widthBucket(width: number): string {
  return String(Math.round(width / WIDTH_STEP));
}

type SlotHeights = Record<string, Record<string, number>>;

function readHeights(): SlotHeights {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(SLOT_HEIGHTS_KEY) ?? "{}");
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as SlotHeights) : {};
  } catch {
    return {};
  }
}

/** Records a slot's rendered height at the current width (skipped when unchanged, so it costs one read per render). */
export function rememberSlotHeight(name: string, height: number): void {
  const heights = readHeights();
  const bucket = widthBucket(window.innerWidth);
  const forName = heights[name] && typeof heights[name] === "object" ? heights[name] : {};
  if (forName[bucket] === height) return;
  heights[name] = { ...forName, [bucket]: height };
  try {
    localStorage.setItem(SLOT_HEIGHTS_KEY, JSON.stringify(heights));
  } catch {
    // Storage full or blocked: the next load may shift once, as a first visit does.
  }
  document.documentElement.style.setProperty(slotVariable(name), `${height}px`);
}

/** Plain ES5 because it is inlined unbundled; it must never throw (a broken hint is no hint). */
export const pageBootScript = `(function(){try{
var root=document.documentElement,v=localStorage.getItem(${JSON.stringify(VIEWER_HINT_KEY)});
if(v==="signed-in"||v==="signed-out")root.setAttribute("data-viewer",v);
var r=localStorage.getItem(${JSON.stringify(VIEWER_ROLE_HINT_KEY)});if(v==="signed-in"&&(r==="instructor"||r==="admin"))root.setAttribute("data-viewer-role",r);
var h=JSON.parse(localStorage.getItem(${JSON.stringify(SLOT_HEIGHTS_KEY)})||"{}"),b=String(Math.round(window.innerWidth/${WIDTH_STEP}));
for(var k in h){if(h[k]&&typeof h[k][b]==="number"&&/^[a-z0-9-]+$/.test(k))root.style.setProperty("--slot-"+k,h[k][b]+"px")}
}catch(e){}})();`;
