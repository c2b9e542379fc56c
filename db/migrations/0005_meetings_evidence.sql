CREATE TABLE `cmo_configuration` (
	`id` text PRIMARY KEY NOT NULL,
	`consultation_id` text NOT NULL,
	`mechanism_id` text NOT NULL,
	`position` integer NOT NULL,
	`polarity` text DEFAULT 'present' NOT NULL,
	`context` text NOT NULL,
	`resource` text NOT NULL,
	`reasoning` text NOT NULL,
	`outcomes` text NOT NULL,
	`source_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mechanism_id`) REFERENCES `mechanism`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `source`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cmo_mechanism_idx` ON `cmo_configuration` (`mechanism_id`,`position`);--> statement-breakpoint
CREATE TABLE `evidence_link` (
	`id` text PRIMARY KEY NOT NULL,
	`consultation_id` text NOT NULL,
	`source_id` text NOT NULL,
	`mechanism_id` text NOT NULL,
	`effect` text NOT NULL,
	`extract` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `source`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mechanism_id`) REFERENCES `mechanism`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_link_source_mechanism_uq` ON `evidence_link` (`source_id`,`mechanism_id`);--> statement-breakpoint
CREATE INDEX `evidence_link_mechanism_idx` ON `evidence_link` (`mechanism_id`);--> statement-breakpoint
CREATE TABLE `meeting_answer` (
	`id` text PRIMARY KEY NOT NULL,
	`question_id` text NOT NULL,
	`membership_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`question_id`) REFERENCES `meeting_question`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`membership_id`) REFERENCES `membership`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `meeting_answer_question_idx` ON `meeting_answer` (`question_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `meeting_attendance` (
	`meeting_id` text NOT NULL,
	`membership_id` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `membership_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`membership_id`) REFERENCES `membership`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `meeting_item` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`version_id` text,
	`title` text,
	`planned_minutes` integer DEFAULT 5 NOT NULL,
	`spent_seconds` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `mechanism_version`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `meeting_item_meeting_idx` ON `meeting_item` (`meeting_id`,`position`);--> statement-breakpoint
CREATE TABLE `meeting_note` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`item_id` text,
	`body` text NOT NULL,
	`author_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `meeting_item`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `meeting_note_meeting_idx` ON `meeting_note` (`meeting_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `meeting_question` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`item_id` text,
	`prompt` text NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `meeting_item`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `meeting_question_meeting_idx` ON `meeting_question` (`meeting_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `meeting_quote` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`item_id` text,
	`body` text NOT NULL,
	`membership_id` text,
	`perspective` text,
	`recorded_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `meeting_item`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`membership_id`) REFERENCES `membership`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`recorded_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `meeting_quote_meeting_idx` ON `meeting_quote` (`meeting_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `meeting` (
	`id` text PRIMARY KEY NOT NULL,
	`consultation_id` text NOT NULL,
	`round_id` text NOT NULL,
	`title` text NOT NULL,
	`format` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`short_code` text NOT NULL,
	`scheduled_at` integer,
	`started_at` integer,
	`ended_at` integer,
	`current_item_id` text,
	`item_started_at` integer,
	`results_visible` integer DEFAULT false NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`round_id`) REFERENCES `round`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`current_item_id`) REFERENCES `meeting_item`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_short_code_unique` ON `meeting` (`short_code`);--> statement-breakpoint
CREATE INDEX `meeting_round_idx` ON `meeting` (`round_id`);--> statement-breakpoint
CREATE INDEX `meeting_consultation_idx` ON `meeting` (`consultation_id`);--> statement-breakpoint
CREATE TABLE `source` (
	`id` text PRIMARY KEY NOT NULL,
	`consultation_id` text NOT NULL,
	`ref` integer,
	`authors` text NOT NULL,
	`year` integer,
	`title` text NOT NULL,
	`venue` text DEFAULT '' NOT NULL,
	`doi` text,
	`kind` text DEFAULT 'empirical' NOT NULL,
	`search_stage` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultation`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `source_consultation_idx` ON `source` (`consultation_id`,`year`);--> statement-breakpoint
CREATE INDEX `source_doi_idx` ON `source` (`consultation_id`,`doi`);--> statement-breakpoint
ALTER TABLE `comment` ADD `meeting_id` text REFERENCES meeting(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `comment` ADD `configuration_id` text REFERENCES cmo_configuration(id) ON DELETE set null;--> statement-breakpoint
CREATE INDEX `comment_meeting_idx` ON `comment` (`meeting_id`);--> statement-breakpoint
CREATE INDEX `comment_configuration_idx` ON `comment` (`configuration_id`);--> statement-breakpoint
ALTER TABLE `consultation` ADD `included_source_count` integer;--> statement-breakpoint
ALTER TABLE `decision_source` ADD `meeting_note_id` text REFERENCES meeting_note(id) ON DELETE cascade;--> statement-breakpoint
ALTER TABLE `decision_source` ADD `meeting_quote_id` text REFERENCES meeting_quote(id) ON DELETE cascade;--> statement-breakpoint
ALTER TABLE `mechanism` ADD `reported_source_count` integer;--> statement-breakpoint
ALTER TABLE `membership` ADD `note_taker` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `rating` ADD `meeting_id` text REFERENCES meeting(id) ON DELETE set null;--> statement-breakpoint
CREATE INDEX `rating_meeting_idx` ON `rating` (`meeting_id`);--> statement-breakpoint
ALTER TABLE `round` ADD `evidence_visible` integer DEFAULT false NOT NULL;