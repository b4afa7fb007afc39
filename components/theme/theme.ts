/**
 * Theme preference: "light", "dark" or "system" (follow prefers-color-scheme). The choice
 * is kept in localStorage; the resolved theme is written to <html data-theme> by an inline
 * script before the first paint (see themeBootScript) so the page never flashes the wrong one.
 */
export const THEME_STORAGE_KEY = "cni-academy:theme";
export const THEME_CHOICES = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return typeof value === "string" && (THEME_CHOICES as readonly string[]).includes(value);
}

/**
 * Runs inline in <head>, before the body is parsed: reads the stored choice, resolves
 * "system" through matchMedia, and keeps following the system setting while the choice is
 * "system". Plain ES5-ish JavaScript because it is not bundled.
 */
export const themeBootScript = `(function(){
var key=${JSON.stringify(THEME_STORAGE_KEY)},root=document.documentElement,mq=window.matchMedia("(prefers-color-scheme: dark)");
function choice(){try{var v=localStorage.getItem(key);return v==="light"||v==="dark"?v:"system"}catch(e){return "system"}}
function apply(force){var c=typeof force==="string"?force:choice(),t=c==="system"?(mq.matches?"dark":"light"):c;root.setAttribute("data-theme",t);root.setAttribute("data-theme-choice",c);root.style.colorScheme=t}
apply();window.__cniApplyTheme=apply;
if(mq.addEventListener)mq.addEventListener("change",function(){apply()});
})();`;
