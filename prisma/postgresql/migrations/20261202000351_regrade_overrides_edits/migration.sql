-- AlterTable
ALTER TABLE "QuestionResponse" ADD COLUMN     "manualComment" TEXT,
ADD COLUMN     "manualPoints" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Cohort" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "gradingMethod" TEXT NOT NULL DEFAULT 'best',
ADD COLUMN     "passMark" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "GradeChange" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "questionId" TEXT,
    "kind" TEXT NOT NULL,
    "byUserId" TEXT NOT NULL,
    "oldPoints" DOUBLE PRECISION,
    "newPoints" DOUBLE PRECISION,
    "oldScore" DOUBLE PRECISION,
    "newScore" DOUBLE PRECISION,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GradeChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GradeChange_attemptId_idx" ON "GradeChange"("attemptId");

-- AddForeignKey
ALTER TABLE "GradeChange" ADD CONSTRAINT "GradeChange_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "QuizAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

