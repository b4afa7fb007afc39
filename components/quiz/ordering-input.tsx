"use client";
import styles from "./quiz.module.css";
import { InlineText } from "@/components/inline-text";
import { plainInlineText } from "@/lib/text/inline-code";

/** Put items in order with Move up / Move down buttons (keyboard and screen-reader friendly). */
export function OrderingInput({
  items,
  order,
  onChange,
  disabled = false,
}: {
  items: { id: string; text: string }[];
  /** The learner's order, or undefined before they move anything (the shown order is not an answer). */
  order: string[] | undefined;
  onChange: (order: string[]) => void;
  disabled?: boolean;
}) {
  const byId = new Map(items.map((i) => [i.id, i]));
  const current = order ?? items.map((i) => i.id);
  const move = (from: number, to: number) => {
    const next = [...current];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item as string);
    onChange(next);
  };
  return (
    <>
      <ol className={styles.orderList}>
        {current.map((id, i) => (
          <li key={id} data-item-id={id}>
            <span><InlineText text={byId.get(id)?.text ?? id} /></span>
            <button type="button" className={`secondary ${styles.small}`} disabled={disabled || i === 0} onClick={() => move(i, i - 1)} aria-label={`Move "${plainInlineText(byId.get(id)?.text ?? id)}" up`}>
              ↑
            </button>
            <button type="button" className={`secondary ${styles.small}`} disabled={disabled || i === current.length - 1} onClick={() => move(i, i + 1)} aria-label={`Move "${plainInlineText(byId.get(id)?.text ?? id)}" down`}>
              ↓
            </button>
          </li>
        ))}
      </ol>
      <p className="muted">{order ? "Your order is saved." : "Move the items into order; the order shown is not an answer yet."}</p>
    </>
  );
}
