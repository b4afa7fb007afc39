// A real SMTP server on 127.0.0.1 for the e2e suite (started by playwright.config.ts): the
// app sends its mails here through nodemailer exactly as it would to a production relay,
// and the specs read them back over a small HTTP API (GET /mails?to=ADDRESS, newest last).
import { createServer } from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const smtpPort = Number(process.env.SMTP_PORT ?? 3125);
const httpPort = Number(process.env.MAIL_HTTP_PORT ?? 3126);
const mails = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  size: 1024 * 1024,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((parsed) => {
        const to = [parsed.to].flat().flatMap((a) => a?.value ?? []).map((v) => v.address?.toLowerCase());
        mails.push({ to, from: parsed.from?.text ?? "", subject: parsed.subject ?? "", text: parsed.text ?? "", at: new Date().toISOString() });
        if (mails.length > 5000) mails.shift();
        callback();
      })
      .catch((error) => callback(error));
  },
});
smtp.listen(smtpPort, "127.0.0.1");

createServer((req, res) => {
  const url = new URL(req.url ?? "/", `http://127.0.0.1:${httpPort}`);
  if (url.pathname === "/health") return void res.end("ok");
  if (url.pathname === "/mails") {
    const to = url.searchParams.get("to")?.toLowerCase();
    res.setHeader("content-type", "application/json");
    return void res.end(JSON.stringify(to ? mails.filter((m) => m.to.includes(to)) : mails));
  }
  res.statusCode = 404;
  res.end("not found");
}).listen(httpPort, "127.0.0.1");
