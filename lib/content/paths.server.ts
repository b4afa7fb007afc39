import "server-only";
import path from "node:path";

/** Where content lives. Lessons and banks are read from the repository at build and run time. */
export const contentRoot = path.join(process.cwd(), "content");
export const lessonsDir = path.join(contentRoot, "lessons");
export const quizzesDir = path.join(contentRoot, "quizzes");
