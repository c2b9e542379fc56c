import type { NextRequest } from "next/server";
import { handlers } from "@/server/auth";
import { refuseBadCallbackUrl } from "@/server/auth/callback-url";

type Handler = (req: NextRequest) => Promise<Response>;

/** Auth.js's handlers, after the one check it answers with a 500 (see server/auth/callback-url.ts). */
function guarded(handler: Handler): Handler {
  return async (req) => refuseBadCallbackUrl(req) ?? handler(req);
}

export const GET = guarded(handlers.GET);
export const POST = guarded(handlers.POST);
