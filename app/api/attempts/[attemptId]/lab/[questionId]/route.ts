import { z } from "zod";
import { buildReview, loadOwnAttempt } from "@/lib/attempts.server";
import { requireApiUser } from "@/lib/auth.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { jsonError } from "@/lib/http.server";
import { pathLabFileName, pathLabOf, pathLabScript } from "@/lib/path-lab.server";
import { reviewContextOf } from "@/lib/review.server";

type Params = { params: Promise<{ attemptId: string; questionId: string }> };

const querySchema = z.object({ part: z.enum(["setup", "cleanup"], { error: 'part must be "setup" or "cleanup"' }).default("setup") });

/**
 * The lab script of one path question of the caller's own submitted attempt: the generated
 * cluster the question was graded on, built in cnia-* network namespaces. Only where the
 * review shows that question's right answer (the lab's tables give the path away): 404 for
 * someone else's attempt, 409 before submission or while an assignment locks the key.
 */
export async function GET(request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { attemptId, questionId } = await params;
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return jsonError(400, query.error.issues[0]?.message ?? "Bad query.");
  const owned = await db.quizAttempt.findFirst({ where: { id: attemptId, userId: auth.user.id }, select: { quizId: true } });
  const bank = owned ? getBank(owned.quizId) : null;
  const attempt = owned && bank ? await loadOwnAttempt(db, attemptId, auth.user.id, bank) : null;
  if (!attempt || !bank) return jsonError(404, "No such attempt.");
  if (attempt.status !== "submitted") return jsonError(409, "The lab of a question opens with its review, after you submit.");
  const review = await reviewContextOf(db, attempt, bank, new Date());
  const item = buildReview(attempt, bank, review).find((i) => i.question.id === questionId);
  if (!item || item.question.type !== "path") return jsonError(404, "This attempt has no such path question.");
  const lab = pathLabOf(bank, attempt.seed, item);
  if (!lab) return jsonError(409, "This question's right answer is not shown yet, so neither is its lab.");
  const file = pathLabFileName(questionId, query.data.part);
  return new Response(pathLabScript(lab, query.data.part), {
    headers: { "content-type": "text/x-shellscript; charset=utf-8", "content-disposition": `attachment; filename="${file}"`, "cache-control": "private, no-store" },
  });
}
