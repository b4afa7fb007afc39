-- CreateTable
CREATE TABLE "CohortEmailInvite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cohortId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "acceptedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CohortEmailInvite_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assignment_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Assignment" ("attemptsAllowed", "closesAt", "cohortId", "createdAt", "dueAt", "id", "opensAt", "quizId", "timeLimitSeconds", "updatedAt") SELECT "attemptsAllowed", "closesAt", "cohortId", "createdAt", "dueAt", "id", "opensAt", "quizId", "timeLimitSeconds", "updatedAt" FROM "Assignment";
DROP TABLE "Assignment";
ALTER TABLE "new_Assignment" RENAME TO "Assignment";
CREATE INDEX "Assignment_cohortId_idx" ON "Assignment"("cohortId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CohortEmailInvite_email_idx" ON "CohortEmailInvite"("email");

-- CreateIndex
CREATE UNIQUE INDEX "CohortEmailInvite_cohortId_email_key" ON "CohortEmailInvite"("cohortId", "email");

