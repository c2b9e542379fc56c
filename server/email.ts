/**
 * Outgoing email. With SMTP_URL set, mail goes out through nodemailer; otherwise (the embedded
 * default) each message is written to DATA_DIR/outbox and its links are printed on the log.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import { dataDir } from "@/db";
import { emailFrom } from "./config";

export type Mail = { to: string; subject: string; text: string; html: string };

let transport: nodemailer.Transporter | null = null;

export function outboxDir(): string {
  return path.join(dataDir(), "outbox");
}

export async function sendMail(mail: Mail): Promise<void> {
  const smtp = process.env.SMTP_URL;
  if (smtp) {
    transport ??= nodemailer.createTransport(smtp);
    await transport.sendMail({ from: emailFrom(), ...mail });
    return;
  }
  fs.mkdirSync(outboxDir(), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const safeTo = mail.to.replace(/[^a-zA-Z0-9@._-]/g, "_");
  // A random tail: two messages to one address in the same millisecond must not overwrite each other.
  const file = path.join(outboxDir(), `${stamp}-${safeTo}-${crypto.randomBytes(3).toString("hex")}.json`);
  // Written aside and renamed into place, so whoever reads the outbox never sees half a message.
  fs.writeFileSync(`${file}.part`, JSON.stringify({ from: emailFrom(), ...mail }, null, 2));
  fs.renameSync(`${file}.part`, file);
  const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
  console.log(`[outbox] "${mail.subject}" to ${mail.to}${links.map((l) => `\n  ${l}`).join("")}`);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A plain, accessible message with one big link; `lines` are paragraphs between intro and link. */
export function linkMail(args: {
  to: string;
  subject: string;
  intro: string;
  lines?: string[];
  url: string;
  action: string;
  footer: string;
}): Mail {
  const lines = args.lines ?? [];
  const text = `${[args.intro, ...lines].join("\n\n")}\n\n${args.action}:\n${args.url}\n\n${args.footer}\n`;
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;font-size:18px;line-height:1.5;color:#1a1a1a">
<p>${escapeHtml(args.intro)}</p>
${lines.map((l) => `<p style="white-space:pre-line">${escapeHtml(l)}</p>\n`).join("")}<p><a href="${escapeHtml(args.url)}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(args.action)}</a></p>
<p style="font-size:15px;color:#444">${escapeHtml(args.footer)}</p></body></html>`;
  return { to: args.to, subject: args.subject, text, html };
}

/**
 * Sends many messages, at most `concurrency` at a time (an SMTP server throttles a burst), and
 * says for each whether it went. A failure is logged and never stops the others.
 */
export async function sendEach(mails: Mail[], concurrency = 4): Promise<boolean[]> {
  const sent: boolean[] = new Array(mails.length).fill(false);
  let next = 0;
  async function worker() {
    while (next < mails.length) {
      const i = next++;
      try {
        await sendMail(mails[i]);
        sent[i] = true;
      } catch (error) {
        console.error(`[email] "${mails[i].subject}" to ${mails[i].to} not sent`, error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, mails.length) }, worker));
  return sent;
}
