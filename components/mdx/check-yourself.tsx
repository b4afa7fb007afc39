import { findQuestion, getBank } from "@/lib/content/quiz-banks.server";
import { hashString, toPublicQuestion } from "@/lib/quiz";
import { CheckYourselfQuestion } from "./check-yourself-question";
import styles from "./check-yourself.module.css";

type Props = { quiz: string; questions: string[] };

/**
 * A few questions from a lesson's bank to answer while reading. Rendered on the server when
 * the page is built, from the public view of each question only (toPublicQuestion: no key,
 * no explanation); each answer is graded by /api/check. An unknown bank or question id
 * fails the build, naming it.
 */
export function CheckYourself({ quiz, questions }: Props) {
  const bank = getBank(quiz);
  if (!bank) throw new Error(`<CheckYourself quiz="${quiz}">: there is no question bank "${quiz}"`);
  const items = questions.map((id) => {
    const question = findQuestion(bank, id);
    if (!question) throw new Error(`<CheckYourself quiz="${quiz}">: the bank has no question "${id}"`);
    // A fixed seed per question: the static page shows the same option order to everyone.
    return toPublicQuestion(question, hashString(`check:${id}`), bank.shuffleOptions);
  });
  return (
    <section className={styles.block} aria-labelledby="check-yourself" data-check-yourself={quiz}>
      <h2 id="check-yourself">Check yourself</h2>
      <p className="muted">
        {items.length} quick questions, checked as you answer. Nothing is recorded; the graded quiz is below.
      </p>
      {items.map((q, i) => (
        <CheckYourselfQuestion key={q.id} quiz={quiz} question={q} number={i + 1} />
      ))}
    </section>
  );
}
