/** Input schema pieces shared by the procedures (server only: keeps zod out of the pages). */
import { z } from "zod";

/** A trimmed string with readable length messages. */
export function text(limits: { min?: number; max: number }) {
  let s = z.string().trim();
  if (limits.min) {
    s = s.min(
      limits.min,
      limits.min === 1 ? "Please write something" : `Too short (at least ${limits.min} characters)`,
    );
  }
  return s.max(limits.max, `Too long (at most ${limits.max} characters)`);
}
