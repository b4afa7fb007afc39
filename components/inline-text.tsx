import { Fragment } from "react";
import { splitInlineCode } from "@/lib/text/inline-code";

/** Text with its backtick spans as <code> (lib/text/inline-code.ts). Works in server and client components. */
export function InlineText({ text }: { text: string }) {
  return (
    <>
      {splitInlineCode(text).map((p, i) => (p.code ? <code key={i}>{p.text}</code> : <Fragment key={i}>{p.text}</Fragment>))}
    </>
  );
}
