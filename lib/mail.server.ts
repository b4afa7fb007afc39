import "server-only";
import { log } from "./observability/log";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "./env.server";

/**
 * Outgoing mail. With SMTP_URL set, mails go out through that server (nodemailer); without
 * it (a development machine), each mail is printed to the log as one JSON line so the link in
 * it can be followed. A send that fails is logged and reported to the caller, never thrown
 * into a request as a 500.
 */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transport: Transporter | null = null;

function transporter(): Transporter | null {
  if (!env.SMTP_URL) return null;
  transport ??= nodemailer.createTransport(env.SMTP_URL);
  return transport;
}

export const MAIL_FROM = () => env.MAIL_FROM ?? "CNI Academy <no-reply@cni-academy.invalid>";

/**
 * Links in mails carry single-use tokens (sign-in by another name). The log shows them only
 * in development, where printing the mail is how the link is followed; a production server
 * without SMTP_URL logs the mail with its links cut out.
 */
export function redactLinks(text: string): string {
  return text.replace(/https?:\/\/\S+/g, (url) => (url.includes("token=") ? `${url.split("?")[0]}?token=[redacted]` : url));
}

export async function sendMail(mail: Mail): Promise<boolean> {
  const t = transporter();
  if (!t) {
    const text = env.NODE_ENV === "production" ? redactLinks(mail.text) : mail.text;
    log.info("mail (SMTP_URL unset, not sent)", { to: mail.to, subject: mail.subject, text });
    return true;
  }
  try {
    await t.sendMail({ from: MAIL_FROM(), to: mail.to, subject: mail.subject, text: mail.text });
    return true;
  } catch (error) {
    log.warn("mail not sent", { to: mail.to, subject: mail.subject, error });
    return false;
  }
}

/**
 * Sends a mail without making the request wait for the SMTP server: the answer is the same,
 * and takes the same time, whether or not a mail goes out and however slow the relay is. A
 * failed send is logged by sendMail and never reaches the request.
 */
export function enqueueMail(mail: Mail): void {
  void sendMail(mail).catch(() => undefined);
}

/** The public base URL links in mails point to. */
export function appUrl(pathname: string): string {
  return `${(env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "")}${pathname}`;
}
