import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { appRouter } from "@/server/root";
import { callerFor, consultationInput, createUser, freshDb } from "./helpers";

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The shape the HTTP handler sends, from the app's own error formatter. */
function formatted(error: TRPCError) {
  return appRouter._def._config.errorFormatter({
    error,
    type: "mutation",
    path: "consultation.create",
    input: undefined,
    ctx: undefined,
    shape: {
      message: error.message,
      code: -32600,
      data: { code: error.code, httpStatus: getHTTPStatusCodeFromError(error), path: "consultation.create" },
    },
  }) as { message: string; data: { code: string; httpStatus: number; fieldErrors: Record<string, string[]> | null } };
}

describe("error formatting", () => {
  it("turns a zod failure into a readable message with field errors", async () => {
    const db = freshDb();
    const caller = callerFor(db, createUser(db, "Fran", { canCreate: true }));
    const error = await failure(caller.consultation.create(consultationInput({ title: "", researchQuestion: "Why?" })));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ZodError);
    expect(error.message.startsWith("[")).toBe(false);
    expect(error.message).toBe("Title: Too short (at least 3 characters); Research question: Too short (at least 10 characters)");
    expect(getHTTPStatusCodeFromError(error)).toBe(400);

    const shape = formatted(error);
    expect(shape.message).toBe(error.message);
    expect(shape.data.httpStatus).toBe(400);
    expect(shape.data.fieldErrors).toEqual({
      title: ["Too short (at least 3 characters)"],
      researchQuestion: ["Too short (at least 10 characters)"],
    });
  });

  it("keeps the message of a refusal and hides the details of an internal error", async () => {
    const db = freshDb();
    const caller = callerFor(db, createUser(db, "Stan"));
    const refusal = await failure(caller.consultation.create(consultationInput()));
    expect(formatted(refusal)).toMatchObject({ message: refusal.message, data: { code: "FORBIDDEN", httpStatus: 403, fieldErrors: null } });

    const internal = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "SQLITE_CONSTRAINT: secret details" });
    const shape = formatted(internal);
    expect(shape.message).toBe("Something went wrong on our side. Nothing was saved; please try again.");
    expect(JSON.stringify(shape)).not.toContain("secret details");
  });
});
