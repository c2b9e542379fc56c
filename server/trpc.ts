/**
 * The single tRPC instance: context, error formatting and the named base procedures.
 * Every procedure starts from one of these, so who may call it is part of its definition.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { DB } from "@/db";
import { awaitWriteLock, isDatabaseBusy } from "@/db/write-lock";
import { BUSY_MESSAGE, DomainError } from "./errors";
import { membershipOf } from "./services/membership";

export type { SessionUser } from "./services/actor";
import type { SessionUser } from "./services/actor";

export type Context = {
  db: DB;
  user: SessionUser | null;
  /** False when a browser request comes from another site (checked for mutations). */
  sameOrigin: boolean;
};

/** A readable sentence from zod issues, e.g. "Name: Too long (at most 120 characters)". */
export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const field = issue.path.filter((p) => typeof p === "string").join(".");
      return field ? `${humanField(field)}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

function humanField(field: string): string {
  const spaced = field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Live meetings (SSE): a comment line every 10 s keeps idle streams open through proxies, and a
  // client that hears nothing for 25 s (a connection that died silently) reconnects with its last
  // event id, so it misses nothing.
  sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: zodError
        ? describeZodError(zodError)
        : internal
          ? "Something went wrong on our side. Nothing was saved; please try again."
          : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Refuses cross-site mutations: Auth.js guards its own routes, this guards ours. */
const sameOriginMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && !ctx.sameOrigin) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "This request came from another site and was refused.",
    });
  }
  return next();
});

/** The services' own errors become tRPC's, kind for kind, with their sentence. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    return { ...result, error: new TRPCError({ code: cause.kind, message: cause.message, cause }) };
  }
  return result;
});

/**
 * Server-side callers (createCaller, server components) skip the error formatter, so input
 * errors would carry zod's JSON dump as their message: give them the readable sentence here too.
 */
const readableInputErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ZodError) {
    result.error.message = describeZodError(result.error.cause);
  }
  return result;
});

/**
 * A mutation waits (without blocking other requests) until the database can take a write; one that
 * cannot get it in time, or loses it in a race, is answered 503 with a sentence, never 500.
 */
const writesWaitForTheLock = t.middleware(async ({ ctx, type, next }) => {
  if (type === "mutation") {
    try {
      await awaitWriteLock(ctx.db);
    } catch (error) {
      if (isDatabaseBusy(error)) throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: BUSY_MESSAGE, cause: error });
      throw error;
    }
  }
  const result = await next();
  if (!result.ok && result.error.code !== "SERVICE_UNAVAILABLE" && isDatabaseBusy(result.error)) {
    return { ...result, error: new TRPCError({ code: "SERVICE_UNAVAILABLE", message: BUSY_MESSAGE, cause: result.error }) };
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors).use(readableInputErrors).use(sameOriginMutations).use(writesWaitForTheLock);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in first." });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const consultationInput = z.object({ consultationId: z.uuid("Unknown consultation") });

/** Loads the consultation and the caller's membership; non-members get NOT_FOUND. */
export const consultationProcedure = authedProcedure.input(consultationInput).use(({ ctx, input, next }) => {
  const row = membershipOf(ctx.db, ctx.user.id, { consultationId: input.consultationId });
  if (!row) {
    throw new TRPCError({ code: "NOT_FOUND", message: "This consultation was not found." });
  }
  return next({ ctx: { ...ctx, consultation: row.consultation, membership: row.membership } });
});

export const facilitatorProcedure = consultationProcedure.use(({ ctx, next }) => {
  if (ctx.membership.role !== "facilitator") {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "Only the consultation's facilitators can do this.",
    });
  }
  return next();
});

export const stakeholderProcedure = consultationProcedure.use(({ ctx, next }) => {
  if (ctx.membership.role !== "stakeholder") {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "Only members of the panel can do this.",
    });
  }
  return next();
});

/**
 * Meeting notes and quotes: the consultation's facilitators, and panel members a facilitator
 * made note-takers (membership.noteTaker). Everyone else is refused.
 */
export const noteTakerProcedure = consultationProcedure.use(({ ctx, next }) => {
  if (ctx.membership.role !== "facilitator" && !ctx.membership.noteTaker) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "Only the facilitators and the meeting's note-takers can do this.",
    });
  }
  return next();
});
