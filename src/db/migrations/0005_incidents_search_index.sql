-- 0004 replaced the generated search column (Drizzle drops and re-adds a generated column to
-- change its expression), which dropped its GIN index with it; the schema still declares the
-- index, so it is rebuilt here.
CREATE INDEX IF NOT EXISTS "incidents_search_idx" ON "incidents" USING gin ("search");
