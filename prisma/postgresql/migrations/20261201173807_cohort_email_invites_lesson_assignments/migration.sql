-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "lessonSlugs" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "title" TEXT NOT NULL DEFAULT '',
ALTER COLUMN "quizId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "CohortEmailInvite" (
    "id" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CohortEmailInvite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CohortEmailInvite_email_idx" ON "CohortEmailInvite"("email");

-- CreateIndex
CREATE UNIQUE INDEX "CohortEmailInvite_cohortId_email_key" ON "CohortEmailInvite"("cohortId", "email");

-- AddForeignKey
ALTER TABLE "CohortEmailInvite" ADD CONSTRAINT "CohortEmailInvite_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

