-- AlterTable
ALTER TABLE "QuestionResponse" ADD COLUMN "manualComment" TEXT;
ALTER TABLE "QuestionResponse" ADD COLUMN "manualPoints" REAL;

-- AlterTable
ALTER TABLE "Cohort" ADD COLUMN "archivedAt" DATETIME;

-- CreateTable
CREATE TABLE "GradeChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "questionId" TEXT,
    "kind" TEXT NOT NULL,
    "byUserId" TEXT NOT NULL,
    "oldPoints" REAL,
    "newPoints" REAL,
    "oldScore" REAL,
    "newScore" REAL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "GradeChange_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "QuizAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cohortId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "quizId" TEXT,
    "lessonSlugs" TEXT NOT NULL DEFAULT '[]',
    "opensAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "closesAt" DATETIME,
    "attemptsAllowed" INTEGER,
    "timeLimitSeconds" INTEGER,
    "reviewOptions" TEXT,
    "gradingMethod" TEXT NOT NULL DEFAULT 'best',
    "passMark" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assignment_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Assignment" ("attemptsAllowed", "closesAt", "cohortId", "createdAt", "dueAt", "id", "lessonSlugs", "opensAt", "quizId", "reviewOptions", "timeLimitSeconds", "title", "updatedAt") SELECT "attemptsAllowed", "closesAt", "cohortId", "createdAt", "dueAt", "id", "lessonSlugs", "opensAt", "quizId", "reviewOptions", "timeLimitSeconds", "title", "updatedAt" FROM "Assignment";
DROP TABLE "Assignment";
ALTER TABLE "new_Assignment" RENAME TO "Assignment";
CREATE INDEX "Assignment_cohortId_idx" ON "Assignment"("cohortId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "GradeChange_attemptId_idx" ON "GradeChange"("attemptId");

