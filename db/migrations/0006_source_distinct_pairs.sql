CREATE TABLE `source_distinct_pair` (
	`consultation_id` text NOT NULL,
	`first_id` text NOT NULL,
	`second_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`first_id`, `second_id`),
	FOREIGN KEY (`consultation_id`) REFERENCES `consultation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`first_id`) REFERENCES `source`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`second_id`) REFERENCES `source`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `source_distinct_pair_consultation_idx` ON `source_distinct_pair` (`consultation_id`);--> statement-breakpoint
CREATE INDEX `source_distinct_pair_second_idx` ON `source_distinct_pair` (`second_id`);