ALTER TABLE `consultation` ADD `erasure_policy` text DEFAULT 'anonymise' NOT NULL;--> statement-breakpoint
ALTER TABLE `membership` ADD `withdrawn_at` integer;