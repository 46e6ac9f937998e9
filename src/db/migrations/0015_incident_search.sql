CREATE TABLE "saved_searches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"filters" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- The text search configuration of a record's language (ISO 639-1 or -2 code, optionally with a
-- region, e.g. "de", "deu", "pt-BR"); 'simple' when the language is unknown or PostgreSQL 15 has
-- no configuration for it. Immutable, so the generated search column may use it.
CREATE OR REPLACE FUNCTION incident_text_config(lang text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE lower(split_part(coalesce(lang, ''), '-', 1))
    WHEN 'ar' THEN 'pg_catalog.arabic' WHEN 'ara' THEN 'pg_catalog.arabic'
    WHEN 'hy' THEN 'pg_catalog.armenian' WHEN 'hye' THEN 'pg_catalog.armenian' WHEN 'arm' THEN 'pg_catalog.armenian'
    WHEN 'eu' THEN 'pg_catalog.basque' WHEN 'eus' THEN 'pg_catalog.basque' WHEN 'baq' THEN 'pg_catalog.basque'
    WHEN 'ca' THEN 'pg_catalog.catalan' WHEN 'cat' THEN 'pg_catalog.catalan'
    WHEN 'da' THEN 'pg_catalog.danish' WHEN 'dan' THEN 'pg_catalog.danish'
    WHEN 'nl' THEN 'pg_catalog.dutch' WHEN 'nld' THEN 'pg_catalog.dutch' WHEN 'dut' THEN 'pg_catalog.dutch'
    WHEN 'en' THEN 'pg_catalog.english' WHEN 'eng' THEN 'pg_catalog.english'
    WHEN 'fi' THEN 'pg_catalog.finnish' WHEN 'fin' THEN 'pg_catalog.finnish'
    WHEN 'fr' THEN 'pg_catalog.french' WHEN 'fra' THEN 'pg_catalog.french' WHEN 'fre' THEN 'pg_catalog.french'
    WHEN 'de' THEN 'pg_catalog.german' WHEN 'deu' THEN 'pg_catalog.german' WHEN 'ger' THEN 'pg_catalog.german'
    WHEN 'el' THEN 'pg_catalog.greek' WHEN 'ell' THEN 'pg_catalog.greek' WHEN 'gre' THEN 'pg_catalog.greek'
    WHEN 'hi' THEN 'pg_catalog.hindi' WHEN 'hin' THEN 'pg_catalog.hindi'
    WHEN 'hu' THEN 'pg_catalog.hungarian' WHEN 'hun' THEN 'pg_catalog.hungarian'
    WHEN 'id' THEN 'pg_catalog.indonesian' WHEN 'ind' THEN 'pg_catalog.indonesian'
    WHEN 'ga' THEN 'pg_catalog.irish' WHEN 'gle' THEN 'pg_catalog.irish'
    WHEN 'it' THEN 'pg_catalog.italian' WHEN 'ita' THEN 'pg_catalog.italian'
    WHEN 'lt' THEN 'pg_catalog.lithuanian' WHEN 'lit' THEN 'pg_catalog.lithuanian'
    WHEN 'ne' THEN 'pg_catalog.nepali' WHEN 'nep' THEN 'pg_catalog.nepali'
    WHEN 'no' THEN 'pg_catalog.norwegian' WHEN 'nor' THEN 'pg_catalog.norwegian'
    WHEN 'nb' THEN 'pg_catalog.norwegian' WHEN 'nob' THEN 'pg_catalog.norwegian'
    WHEN 'nn' THEN 'pg_catalog.norwegian' WHEN 'nno' THEN 'pg_catalog.norwegian'
    WHEN 'pt' THEN 'pg_catalog.portuguese' WHEN 'por' THEN 'pg_catalog.portuguese'
    WHEN 'ro' THEN 'pg_catalog.romanian' WHEN 'ron' THEN 'pg_catalog.romanian' WHEN 'rum' THEN 'pg_catalog.romanian'
    WHEN 'ru' THEN 'pg_catalog.russian' WHEN 'rus' THEN 'pg_catalog.russian'
    WHEN 'sr' THEN 'pg_catalog.serbian' WHEN 'srp' THEN 'pg_catalog.serbian'
    WHEN 'es' THEN 'pg_catalog.spanish' WHEN 'spa' THEN 'pg_catalog.spanish'
    WHEN 'sv' THEN 'pg_catalog.swedish' WHEN 'swe' THEN 'pg_catalog.swedish'
    WHEN 'ta' THEN 'pg_catalog.tamil' WHEN 'tam' THEN 'pg_catalog.tamil'
    WHEN 'tr' THEN 'pg_catalog.turkish' WHEN 'tur' THEN 'pg_catalog.turkish'
    WHEN 'yi' THEN 'pg_catalog.yiddish' WHEN 'yid' THEN 'pg_catalog.yiddish'
    ELSE 'pg_catalog.simple' END)::regconfig
$$;
--> statement-breakpoint
ALTER TABLE "incidents" drop column "search";--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce("incidents"."title", '')), 'A') || setweight(to_tsvector('simple', coalesce("incidents"."narrative", '')), 'B') || setweight(to_tsvector('simple', coalesce("incidents"."evidence_text", '')), 'C') || case when incident_text_config("incidents"."language") = 'simple'::regconfig then ''::tsvector else setweight(to_tsvector(incident_text_config("incidents"."language"), coalesce("incidents"."title", '')), 'A') || setweight(to_tsvector(incident_text_config("incidents"."language"), coalesce("incidents"."narrative", '')), 'B') || setweight(to_tsvector(incident_text_config("incidents"."language"), coalesce("incidents"."evidence_text", '')), 'C') end) STORED;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_searches_user_name_idx" ON "saved_searches" USING btree ("user_id","name");--> statement-breakpoint
CREATE INDEX "saved_searches_user_idx" ON "saved_searches" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "incidents_updated_keyset_idx" ON "incidents" USING btree ("updated_at" DESC NULLS LAST,"id");;--> statement-breakpoint
-- Dropping the generated column dropped its GIN index; build it again for the new vector.
CREATE INDEX IF NOT EXISTS "incidents_search_idx" ON "incidents" USING gin ("search");
