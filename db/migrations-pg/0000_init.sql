CREATE TABLE "account" (
	"userId" text NOT NULL,
	"type" text NOT NULL,
	"provider" text NOT NULL,
	"providerAccountId" text NOT NULL,
	"refresh_token" text,
	"access_token" text,
	"expires_at" integer,
	"token_type" text,
	"scope" text,
	"id_token" text,
	"session_state" text,
	CONSTRAINT "account_provider_providerAccountId_pk" PRIMARY KEY("provider","providerAccountId")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"consultation_id" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"target_id" text,
	"details" jsonb,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cmo_configuration" (
	"id" text PRIMARY KEY NOT NULL,
	"consultation_id" text NOT NULL,
	"mechanism_id" text NOT NULL,
	"position" integer NOT NULL,
	"polarity" text DEFAULT 'present' NOT NULL,
	"context" text NOT NULL,
	"resource" text NOT NULL,
	"reasoning" text NOT NULL,
	"outcomes" jsonb NOT NULL,
	"source_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comment" (
	"id" text PRIMARY KEY NOT NULL,
	"round_id" text NOT NULL,
	"version_id" text,
	"flag_id" text,
	"parent_id" text,
	"membership_id" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"edited_at" timestamp (3) with time zone,
	"deleted_at" timestamp (3) with time zone,
	"hidden_at" timestamp (3) with time zone,
	"hidden_by" text,
	"hidden_reason" text,
	"anchor_quote" text,
	"anchor_prefix" text,
	"anchor_suffix" text,
	"anchor_start" integer,
	"meeting_id" text,
	"configuration_id" text
);
--> statement-breakpoint
CREATE TABLE "consultation" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"research_question" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"scale_max" integer DEFAULT 5 NOT NULL,
	"scale_labels" jsonb NOT NULL,
	"anonymity" text DEFAULT 'pseudonymous' NOT NULL,
	"erasure_policy" text DEFAULT 'anonymise' NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"consensus_rule" jsonb,
	"is_demo" boolean DEFAULT false NOT NULL,
	"included_source_count" integer,
	"min_group_size" integer DEFAULT 3 NOT NULL,
	CONSTRAINT "consultation_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "decision_source" (
	"id" text PRIMARY KEY NOT NULL,
	"decision_id" text NOT NULL,
	"kind" text NOT NULL,
	"comment_id" text,
	"flag_id" text,
	"version_id" text,
	"meeting_note_id" text,
	"meeting_quote_id" text
);
--> statement-breakpoint
CREATE TABLE "decision" (
	"id" text PRIMARY KEY NOT NULL,
	"round_id" text NOT NULL,
	"mechanism_id" text NOT NULL,
	"kind" text NOT NULL,
	"rationale" text NOT NULL,
	"status_note" text DEFAULT '' NOT NULL,
	"merge_into_mechanism_id" text,
	"decided_by" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_link" (
	"id" text PRIMARY KEY NOT NULL,
	"consultation_id" text NOT NULL,
	"source_id" text NOT NULL,
	"mechanism_id" text NOT NULL,
	"effect" text NOT NULL,
	"extract" text NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flag_endorsement" (
	"flag_id" text NOT NULL,
	"membership_id" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "flag_endorsement_flag_id_membership_id_pk" PRIMARY KEY("flag_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "flag" (
	"id" text PRIMARY KEY NOT NULL,
	"round_id" text NOT NULL,
	"membership_id" text NOT NULL,
	"name" text NOT NULL,
	"covers" text NOT NULL,
	"why_it_matters" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"triage" text,
	"triage_reason" text,
	"triage_mechanism_id" text,
	"triaged_by" text,
	"triaged_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "invitation" (
	"id" text PRIMARY KEY NOT NULL,
	"membership_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"emailed_at" timestamp (3) with time zone,
	"used_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	CONSTRAINT "invitation_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "mechanism_edit" (
	"id" text PRIMARY KEY NOT NULL,
	"version_id" text NOT NULL,
	"editor_id" text,
	"edited_at" timestamp (3) with time zone NOT NULL,
	"reason" text NOT NULL,
	"before_name" text NOT NULL,
	"before_description" text NOT NULL,
	"after_name" text NOT NULL,
	"after_description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mechanism_version" (
	"id" text PRIMARY KEY NOT NULL,
	"mechanism_id" text NOT NULL,
	"round_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"position" integer NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mechanism" (
	"id" text PRIMARY KEY NOT NULL,
	"consultation_id" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"origin_kind" text DEFAULT 'initial' NOT NULL,
	"origin_flag_id" text,
	"origin_mechanism_id" text,
	"origin_note" text DEFAULT '' NOT NULL,
	"reported_source_count" integer
);
--> statement-breakpoint
CREATE TABLE "meeting_answer" (
	"id" text PRIMARY KEY NOT NULL,
	"question_id" text NOT NULL,
	"membership_id" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
	"meeting_id" text NOT NULL,
	"membership_id" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "meeting_attendance_meeting_id_membership_id_pk" PRIMARY KEY("meeting_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_item" (
	"id" text PRIMARY KEY NOT NULL,
	"meeting_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"version_id" text,
	"title" text,
	"planned_minutes" integer DEFAULT 5 NOT NULL,
	"spent_seconds" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_note" (
	"id" text PRIMARY KEY NOT NULL,
	"meeting_id" text NOT NULL,
	"item_id" text,
	"body" text NOT NULL,
	"author_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_question" (
	"id" text PRIMARY KEY NOT NULL,
	"meeting_id" text NOT NULL,
	"item_id" text,
	"prompt" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "meeting_quote" (
	"id" text PRIMARY KEY NOT NULL,
	"meeting_id" text NOT NULL,
	"item_id" text,
	"body" text NOT NULL,
	"membership_id" text,
	"perspective" text,
	"recorded_by" text,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting" (
	"id" text PRIMARY KEY NOT NULL,
	"consultation_id" text NOT NULL,
	"round_id" text NOT NULL,
	"title" text NOT NULL,
	"format" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"short_code" text NOT NULL,
	"scheduled_at" timestamp (3) with time zone,
	"started_at" timestamp (3) with time zone,
	"ended_at" timestamp (3) with time zone,
	"current_item_id" text,
	"item_started_at" timestamp (3) with time zone,
	"results_visible" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "meeting_short_code_unique" UNIQUE("short_code")
);
--> statement-breakpoint
CREATE TABLE "membership" (
	"id" text PRIMARY KEY NOT NULL,
	"consultation_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"perspective" text,
	"pseudonym_number" integer,
	"display_name" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"withdrawn_at" timestamp (3) with time zone,
	"note_taker" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_window" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"reset_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rating" (
	"id" text PRIMARY KEY NOT NULL,
	"version_id" text NOT NULL,
	"membership_id" text NOT NULL,
	"value" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"meeting_id" text
);
--> statement-breakpoint
CREATE TABLE "round" (
	"id" text PRIMARY KEY NOT NULL,
	"consultation_id" text NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"instructions" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"opened_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"meeting_mode" text DEFAULT 'none' NOT NULL,
	"opens_at" timestamp (3) with time zone,
	"closes_at" timestamp (3) with time zone,
	"feedback_visibility" text DEFAULT 'all' NOT NULL,
	"prepared_at" timestamp (3) with time zone,
	"evidence_visible" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"sessionToken" text PRIMARY KEY NOT NULL,
	"userId" text NOT NULL,
	"expires" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_distinct_pair" (
	"consultation_id" text NOT NULL,
	"first_id" text NOT NULL,
	"second_id" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "source_distinct_pair_first_id_second_id_pk" PRIMARY KEY("first_id","second_id")
);
--> statement-breakpoint
CREATE TABLE "source" (
	"id" text PRIMARY KEY NOT NULL,
	"consultation_id" text NOT NULL,
	"ref" integer,
	"authors" jsonb NOT NULL,
	"year" integer,
	"title" text NOT NULL,
	"venue" text DEFAULT '' NOT NULL,
	"doi" text,
	"kind" text DEFAULT 'empirical' NOT NULL,
	"search_stage" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"email" text,
	"emailVerified" timestamp (3) with time zone,
	"image" text,
	"can_create_consultations" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "user_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "verificationToken" (
	"identifier" text NOT NULL,
	"token" text NOT NULL,
	"expires" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "verificationToken_identifier_token_pk" PRIMARY KEY("identifier","token")
);
--> statement-breakpoint
ALTER TABLE "account" ADD CONSTRAINT "account_userId_user_id_fk" FOREIGN KEY ("userId") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmo_configuration" ADD CONSTRAINT "cmo_configuration_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmo_configuration" ADD CONSTRAINT "cmo_configuration_mechanism_id_mechanism_id_fk" FOREIGN KEY ("mechanism_id") REFERENCES "public"."mechanism"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmo_configuration" ADD CONSTRAINT "cmo_configuration_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_version_id_mechanism_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."mechanism_version"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_flag_id_flag_id_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."flag"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_parent_id_comment_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."comment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_membership_id_membership_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."membership"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_hidden_by_user_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_configuration_id_cmo_configuration_id_fk" FOREIGN KEY ("configuration_id") REFERENCES "public"."cmo_configuration"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_source" ADD CONSTRAINT "decision_source_decision_id_decision_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decision"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_source" ADD CONSTRAINT "decision_source_comment_id_comment_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_source" ADD CONSTRAINT "decision_source_flag_id_flag_id_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."flag"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_source" ADD CONSTRAINT "decision_source_version_id_mechanism_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."mechanism_version"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_source" ADD CONSTRAINT "decision_source_meeting_note_id_meeting_note_id_fk" FOREIGN KEY ("meeting_note_id") REFERENCES "public"."meeting_note"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_source" ADD CONSTRAINT "decision_source_meeting_quote_id_meeting_quote_id_fk" FOREIGN KEY ("meeting_quote_id") REFERENCES "public"."meeting_quote"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_mechanism_id_mechanism_id_fk" FOREIGN KEY ("mechanism_id") REFERENCES "public"."mechanism"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_merge_into_mechanism_id_mechanism_id_fk" FOREIGN KEY ("merge_into_mechanism_id") REFERENCES "public"."mechanism"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_link" ADD CONSTRAINT "evidence_link_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_link" ADD CONSTRAINT "evidence_link_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_link" ADD CONSTRAINT "evidence_link_mechanism_id_mechanism_id_fk" FOREIGN KEY ("mechanism_id") REFERENCES "public"."mechanism"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_link" ADD CONSTRAINT "evidence_link_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag_endorsement" ADD CONSTRAINT "flag_endorsement_flag_id_flag_id_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."flag"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag_endorsement" ADD CONSTRAINT "flag_endorsement_membership_id_membership_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."membership"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag" ADD CONSTRAINT "flag_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag" ADD CONSTRAINT "flag_membership_id_membership_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."membership"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag" ADD CONSTRAINT "flag_triage_mechanism_id_mechanism_id_fk" FOREIGN KEY ("triage_mechanism_id") REFERENCES "public"."mechanism"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag" ADD CONSTRAINT "flag_triaged_by_user_id_fk" FOREIGN KEY ("triaged_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_membership_id_membership_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."membership"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism_edit" ADD CONSTRAINT "mechanism_edit_version_id_mechanism_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."mechanism_version"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism_edit" ADD CONSTRAINT "mechanism_edit_editor_id_user_id_fk" FOREIGN KEY ("editor_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism_version" ADD CONSTRAINT "mechanism_version_mechanism_id_mechanism_id_fk" FOREIGN KEY ("mechanism_id") REFERENCES "public"."mechanism"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism_version" ADD CONSTRAINT "mechanism_version_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism" ADD CONSTRAINT "mechanism_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism" ADD CONSTRAINT "mechanism_origin_flag_id_flag_id_fk" FOREIGN KEY ("origin_flag_id") REFERENCES "public"."flag"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism" ADD CONSTRAINT "mechanism_origin_mechanism_id_mechanism_id_fk" FOREIGN KEY ("origin_mechanism_id") REFERENCES "public"."mechanism"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_answer" ADD CONSTRAINT "meeting_answer_question_id_meeting_question_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."meeting_question"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_answer" ADD CONSTRAINT "meeting_answer_membership_id_membership_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."membership"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_membership_id_membership_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."membership"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_item" ADD CONSTRAINT "meeting_item_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_item" ADD CONSTRAINT "meeting_item_version_id_mechanism_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."mechanism_version"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_note" ADD CONSTRAINT "meeting_note_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_note" ADD CONSTRAINT "meeting_note_item_id_meeting_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."meeting_item"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_note" ADD CONSTRAINT "meeting_note_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_question" ADD CONSTRAINT "meeting_question_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_question" ADD CONSTRAINT "meeting_question_item_id_meeting_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."meeting_item"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_quote" ADD CONSTRAINT "meeting_quote_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_quote" ADD CONSTRAINT "meeting_quote_item_id_meeting_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."meeting_item"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_quote" ADD CONSTRAINT "meeting_quote_membership_id_membership_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."membership"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_quote" ADD CONSTRAINT "meeting_quote_recorded_by_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_round_id_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_current_item_id_meeting_item_id_fk" FOREIGN KEY ("current_item_id") REFERENCES "public"."meeting_item"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership" ADD CONSTRAINT "membership_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating" ADD CONSTRAINT "rating_version_id_mechanism_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."mechanism_version"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating" ADD CONSTRAINT "rating_membership_id_membership_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."membership"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating" ADD CONSTRAINT "rating_meeting_id_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round" ADD CONSTRAINT "round_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_userId_user_id_fk" FOREIGN KEY ("userId") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_distinct_pair" ADD CONSTRAINT "source_distinct_pair_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_distinct_pair" ADD CONSTRAINT "source_distinct_pair_first_id_source_id_fk" FOREIGN KEY ("first_id") REFERENCES "public"."source"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_distinct_pair" ADD CONSTRAINT "source_distinct_pair_second_id_source_id_fk" FOREIGN KEY ("second_id") REFERENCES "public"."source"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source" ADD CONSTRAINT "source_consultation_id_consultation_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_consultation_idx" ON "audit_log" USING btree ("consultation_id","created_at");--> statement-breakpoint
CREATE INDEX "cmo_mechanism_idx" ON "cmo_configuration" USING btree ("mechanism_id","position");--> statement-breakpoint
CREATE INDEX "comment_version_idx" ON "comment" USING btree ("version_id","created_at");--> statement-breakpoint
CREATE INDEX "comment_flag_idx" ON "comment" USING btree ("flag_id","created_at");--> statement-breakpoint
CREATE INDEX "comment_parent_idx" ON "comment" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "comment_round_idx" ON "comment" USING btree ("round_id","created_at");--> statement-breakpoint
CREATE INDEX "comment_meeting_idx" ON "comment" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "comment_configuration_idx" ON "comment" USING btree ("configuration_id");--> statement-breakpoint
CREATE INDEX "decision_source_decision_idx" ON "decision_source" USING btree ("decision_id");--> statement-breakpoint
CREATE UNIQUE INDEX "decision_round_mechanism_uq" ON "decision" USING btree ("round_id","mechanism_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_link_source_mechanism_uq" ON "evidence_link" USING btree ("source_id","mechanism_id");--> statement-breakpoint
CREATE INDEX "evidence_link_mechanism_idx" ON "evidence_link" USING btree ("mechanism_id");--> statement-breakpoint
CREATE INDEX "flag_round_idx" ON "flag" USING btree ("round_id","created_at");--> statement-breakpoint
CREATE INDEX "invitation_membership_idx" ON "invitation" USING btree ("membership_id","created_at");--> statement-breakpoint
CREATE INDEX "mechanism_edit_version_idx" ON "mechanism_edit" USING btree ("version_id","edited_at");--> statement-breakpoint
CREATE UNIQUE INDEX "version_mechanism_round_uq" ON "mechanism_version" USING btree ("mechanism_id","round_id");--> statement-breakpoint
CREATE INDEX "version_round_position_idx" ON "mechanism_version" USING btree ("round_id","position");--> statement-breakpoint
CREATE INDEX "mechanism_consultation_idx" ON "mechanism" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "meeting_answer_question_idx" ON "meeting_answer" USING btree ("question_id","created_at");--> statement-breakpoint
CREATE INDEX "meeting_item_meeting_idx" ON "meeting_item" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_note_meeting_idx" ON "meeting_note" USING btree ("meeting_id","created_at");--> statement-breakpoint
CREATE INDEX "meeting_question_meeting_idx" ON "meeting_question" USING btree ("meeting_id","created_at");--> statement-breakpoint
CREATE INDEX "meeting_quote_meeting_idx" ON "meeting_quote" USING btree ("meeting_id","created_at");--> statement-breakpoint
CREATE INDEX "meeting_round_idx" ON "meeting" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "meeting_consultation_idx" ON "meeting" USING btree ("consultation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "membership_consultation_user_uq" ON "membership" USING btree ("consultation_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "membership_pseudonym_uq" ON "membership" USING btree ("consultation_id","pseudonym_number");--> statement-breakpoint
CREATE INDEX "membership_user_idx" ON "membership" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "rate_limit_window_reset_at_idx" ON "rate_limit_window" USING btree ("reset_at");--> statement-breakpoint
CREATE INDEX "rating_meeting_idx" ON "rating" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rating_version_member_uq" ON "rating" USING btree ("version_id","membership_id");--> statement-breakpoint
CREATE INDEX "rating_member_idx" ON "rating" USING btree ("membership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "round_consultation_number_uq" ON "round" USING btree ("consultation_id","number");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "source_distinct_pair_consultation_idx" ON "source_distinct_pair" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "source_distinct_pair_second_idx" ON "source_distinct_pair" USING btree ("second_id");--> statement-breakpoint
CREATE INDEX "source_consultation_idx" ON "source" USING btree ("consultation_id","year");--> statement-breakpoint
CREATE INDEX "source_doi_idx" ON "source" USING btree ("consultation_id","doi");