/** Input schema pieces shared by the procedures (server only: keeps zod out of the pages). */
import { z } from "zod";

/**
 * Characters that show nothing on their own: white space (with no-break and ideographic spaces),
 * Unicode's default-ignorable code points (zero-width space, joiners, word joiner, byte-order
 * mark, soft hyphen, bidi marks, embeddings and isolates, variation selectors, tags) and the
 * braille blank. Text made only of these is empty to a reader.
 */
const INVISIBLE = /[\s\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** How many characters of a text a reader can see (its length without the invisible ones). */
export function visibleLength(value: string): number {
  return value.replace(INVISIBLE, "").length;
}

/**
 * A trimmed string with readable length messages. The least length counts visible characters,
 * so text of only zero-width or other invisible characters gets the same message as empty text;
 * the text itself is kept as written (joiners belong in emoji and in Persian, say).
 */
export function text(limits: { min?: number; max: number }) {
  let s = z.string().trim();
  const min = limits.min;
  if (min) {
    s = s.refine((value) => visibleLength(value) >= min, min === 1 ? "Please write something" : `Too short (at least ${min} characters)`);
  }
  return s.max(limits.max, `Too long (at most ${limits.max} characters)`);
}
