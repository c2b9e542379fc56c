/** The review's sources: add, edit, import (RIS, BibTeX, CSV), duplicates and merging. */
import { router } from "../trpc";

export const sourceRouter = router({});
