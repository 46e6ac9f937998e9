-- Duplicate candidates compare titles, narratives and place names by trigram similarity
-- (pg_trgm: loaded by PGlite, a contrib extension on a server; trusted since PostgreSQL 13).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- The records merged into one (its history and comments include theirs).
CREATE INDEX IF NOT EXISTS "incidents_merged_into_idx" ON "incidents" ("merged_into") WHERE "merged_into" IS NOT NULL;
