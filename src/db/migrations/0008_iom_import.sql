CREATE TABLE "iom_import_rows" (
	"layout" text NOT NULL,
	"external_id" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"source_row_number" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "iom_import_rows_layout_external_id_pk" PRIMARY KEY("layout","external_id")
);
--> statement-breakpoint
ALTER TABLE "iom_import_rows" ADD CONSTRAINT "iom_import_rows_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "iom_import_rows_incident_idx" ON "iom_import_rows" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "iom_import_rows_import_idx" ON "iom_import_rows" USING btree ("import_id");