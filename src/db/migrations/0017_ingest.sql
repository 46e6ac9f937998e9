CREATE TABLE "ingest_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"fields" jsonb NOT NULL,
	"confidence" real NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"duplicates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_record_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingest_proposals_kind" CHECK ("ingest_proposals"."kind" in ('source','incident','engagement','directive')),
	CONSTRAINT "ingest_proposals_confidence" CHECK ("ingest_proposals"."confidence" between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "ingested_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"post_id" integer NOT NULL,
	"file_name" text,
	"media_type" text NOT NULL,
	"sha256" text NOT NULL,
	"text_sha256" text NOT NULL,
	"language" text,
	"detected_language" text NOT NULL,
	"text" text NOT NULL,
	"extraction_status" text NOT NULL,
	"extraction_note" text,
	"extraction" jsonb,
	"review_status" text DEFAULT 'pending' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingested_documents_sha256" CHECK ("ingested_documents"."sha256" ~ '^[0-9a-f]{64}$' and "ingested_documents"."text_sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "ingest_proposals" ADD CONSTRAINT "ingest_proposals_document_id_ingested_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."ingested_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingested_documents" ADD CONSTRAINT "ingested_documents_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingested_documents" ADD CONSTRAINT "ingested_documents_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingested_documents" ADD CONSTRAINT "ingested_documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ingest_proposals_document_idx" ON "ingest_proposals" USING btree ("document_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "ingested_documents_text_sha256_idx" ON "ingested_documents" USING btree ("text_sha256");--> statement-breakpoint
CREATE INDEX "ingested_documents_post_review_idx" ON "ingested_documents" USING btree ("post_id","review_status","created_at");