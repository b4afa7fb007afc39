-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "labSlug" TEXT;

-- CreateTable
CREATE TABLE "LabAttempt" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "labSlug" TEXT NOT NULL,
    "assignmentId" TEXT,
    "attemptNumber" INTEGER NOT NULL,
    "labVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'in_progress',
    "hints" TEXT NOT NULL DEFAULT '[]',
    "diagnosis" TEXT,
    "checks" TEXT,
    "score" DOUBLE PRECISION,
    "maxScore" DOUBLE PRECISION,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closesAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LabAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabCommand" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "node" TEXT NOT NULL,
    "netns" TEXT NOT NULL,
    "line" TEXT NOT NULL,
    "output" TEXT NOT NULL,
    "exitCode" INTEGER NOT NULL,
    "change" TEXT,
    "observed" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabCommand_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "LabAttempt" ADD CONSTRAINT "LabAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabAttempt" ADD CONSTRAINT "LabAttempt_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabCommand" ADD CONSTRAINT "LabCommand_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "LabAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

