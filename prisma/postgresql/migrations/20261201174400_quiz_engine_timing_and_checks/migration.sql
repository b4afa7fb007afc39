-- AlterTable
ALTER TABLE "QuizAttempt" ADD COLUMN     "closesAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "QuestionResponse" ADD COLUMN     "checkedAt" TIMESTAMP(3);

