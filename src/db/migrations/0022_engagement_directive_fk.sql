-- Before this migration the directive was a bare uuid: one naming no directive is cleared.
UPDATE "engagements" SET "directive_id" = NULL
 WHERE "directive_id" IS NOT NULL AND "directive_id" NOT IN (SELECT "id" FROM "directives");--> statement-breakpoint
ALTER TABLE "directives" ALTER COLUMN "reference" SET DEFAULT 'DIR-' || to_char(now(), 'YYYY') || '-' || regexp_replace('000' || nextval('directive_reference_seq')::text, '^0+(?=[0-9]{4})', '');--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_directive_id_directives_id_fk" FOREIGN KEY ("directive_id") REFERENCES "public"."directives"("id") ON DELETE no action ON UPDATE no action;