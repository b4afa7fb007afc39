-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "reviewOptions" TEXT;

