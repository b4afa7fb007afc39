-- AlterTable
ALTER TABLE "QuizAttempt" ADD COLUMN "closesAt" DATETIME;

-- AlterTable
ALTER TABLE "QuestionResponse" ADD COLUMN "checkedAt" DATETIME;

