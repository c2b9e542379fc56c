/**
 * Runtime configuration read from the environment, with the embedded defaults.
 * AUTH_SECRET, when not set, is created once and kept in the data directory.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/db";

export function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir(), "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir(), { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    // "wx": if another process won the race, keep its secret.
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
    return secret;
  }
}

export const INVITATION_DAYS = Number(process.env.INVITATION_DAYS ?? 14);

/** The public address of the app, for links in emails and on the console. */
export function publicUrl(): string {
  return (process.env.AUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

export function emailFrom(): string {
  return process.env.EMAIL_FROM ?? "Roundtable <no-reply@roundtable.local>";
}
