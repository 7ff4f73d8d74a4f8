-- Staff (platform admin) API tokens belong to no organization: the back-office REST routes (/v1/admin).
ALTER TABLE "api_tokens" ALTER COLUMN "organization_id" DROP NOT NULL;
