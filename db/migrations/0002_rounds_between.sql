CREATE TABLE `decision_source` (
	`id` text PRIMARY KEY NOT NULL,
	`decision_id` text NOT NULL,
	`kind` text NOT NULL,
	`comment_id` text,
	`flag_id` text,
	`version_id` text,
	FOREIGN KEY (`decision_id`) REFERENCES `decision`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comment`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`flag_id`) REFERENCES `flag`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `mechanism_version`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `decision_source_decision_idx` ON `decision_source` (`decision_id`);--> statement-breakpoint
CREATE TABLE `decision` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`mechanism_id` text NOT NULL,
	`kind` text NOT NULL,
	`rationale` text NOT NULL,
	`status_note` text DEFAULT '' NOT NULL,
	`merge_into_mechanism_id` text,
	`decided_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `round`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mechanism_id`) REFERENCES `mechanism`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`merge_into_mechanism_id`) REFERENCES `mechanism`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decision_round_mechanism_uq` ON `decision` (`round_id`,`mechanism_id`);--> statement-breakpoint
ALTER TABLE `comment` ADD `anchor_quote` text;--> statement-breakpoint
ALTER TABLE `comment` ADD `anchor_prefix` text;--> statement-breakpoint
ALTER TABLE `comment` ADD `anchor_suffix` text;--> statement-breakpoint
ALTER TABLE `comment` ADD `anchor_start` integer;--> statement-breakpoint
ALTER TABLE `flag` ADD `triage` text;--> statement-breakpoint
ALTER TABLE `flag` ADD `triage_reason` text;--> statement-breakpoint
ALTER TABLE `flag` ADD `triage_mechanism_id` text REFERENCES mechanism(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `flag` ADD `triaged_by` text REFERENCES user(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `flag` ADD `triaged_at` integer;--> statement-breakpoint
ALTER TABLE `mechanism` ADD `origin_kind` text DEFAULT 'initial' NOT NULL;--> statement-breakpoint
ALTER TABLE `mechanism` ADD `origin_flag_id` text REFERENCES flag(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `mechanism` ADD `origin_mechanism_id` text REFERENCES mechanism(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `mechanism` ADD `origin_note` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `round` ADD `meeting_mode` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `round` ADD `opens_at` integer;--> statement-breakpoint
ALTER TABLE `round` ADD `closes_at` integer;--> statement-breakpoint
ALTER TABLE `round` ADD `feedback_visibility` text DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE `round` ADD `prepared_at` integer;