-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "labSlug" TEXT;

-- CreateTable
CREATE TABLE "LabAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "labSlug" TEXT NOT NULL,
    "assignmentId" TEXT,
    "attemptNumber" INTEGER NOT NULL,
    "labVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'in_progress',
    "hints" TEXT NOT NULL DEFAULT '[]',
    "diagnosis" TEXT,
    "checks" TEXT,
    "score" REAL,
    "maxScore" REAL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closesAt" DATETIME,
    "submittedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LabAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LabAttempt_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LabCommand" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "node" TEXT NOT NULL,
    "netns" TEXT NOT NULL,
    "line" TEXT NOT NULL,
    "output" TEXT NOT NULL,
    "exitCode" INTEGER NOT NULL,
    "change" TEXT,
    "observed" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LabCommand_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "LabAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LabAttempt_userId_status_idx" ON "LabAttempt"("userId", "status");

-- CreateIndex
CREATE INDEX "LabAttempt_labSlug_idx" ON "LabAttempt"("labSlug");

-- CreateIndex
CREATE INDEX "LabAttempt_assignmentId_idx" ON "LabAttempt"("assignmentId");

-- CreateIndex
CREATE UNIQUE INDEX "LabAttempt_userId_labSlug_attemptNumber_key" ON "LabAttempt"("userId", "labSlug", "attemptNumber");

-- CreateIndex
CREATE UNIQUE INDEX "LabCommand_attemptId_seq_key" ON "LabCommand"("attemptId", "seq");

