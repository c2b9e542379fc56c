CREATE TABLE `rate_limit_window` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`reset_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_window_reset_at_idx` ON `rate_limit_window` (`reset_at`);