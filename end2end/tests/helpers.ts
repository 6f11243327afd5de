import { expect, type Browser, type Page } from "@playwright/test";
import { createHmac } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const PASSWORD = "correct horse battery";

/** A unique address per test run, so tests never collide. */
export function uniqueEmail(who: string): string {
  return `${who}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@e2e.example`;
}

/** Signs up through the form, then confirms the address through the mailed link (which signs in). */
export async function signUp(
  page: Page,
  opts: { kind: "buyer" | "supplier"; company: string; name: string; email: string },
) {
  await sendSignUp(page, opts);
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await page.goto(await mailedLink(page.context().browser()!, opts.email, "confirm-email"));
  await page.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(page).toHaveURL(/\/account\?notice=welcome$/);
}

/** Fills in and sends the sign-up form. */
export async function sendSignUp(
  page: Page,
  opts: { kind: "buyer" | "supplier"; company: string; name: string; email: string },
) {
  await page.goto("/signup");
  await page.getByLabel(opts.kind === "buyer" ? "I want to buy" : "I want to sell").check();
  await page.getByLabel("Company name").fill(opts.company);
  await page.getByLabel("Country").selectOption({ label: "Germany" });
  await page.getByLabel("Your full name").fill(opts.name);
  await page.getByLabel("Work email").fill(opts.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function logIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function logOut(page: Page) {
  await page.locator("summary.account-summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Reads the newest invitation link for `email` from the admin's mail outbox. */
export async function invitationLink(browser: Browser, email: string): Promise<string> {
  return mailedLink(browser, email, "invitations");
}

/** The path of the newest link under `/{kind}/` mailed to `email`, read from the admin's outbox. */
export async function mailedLink(browser: Browser, email: string, kind: string): Promise<string> {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await logInAsAdmin(admin);
  await admin.goto("/admin/outbox");
  const mail = admin.locator("li.mail", { hasText: email.toLowerCase() }).filter({ hasText: `/${kind}/` }).first();
  const body = await mail.locator("pre.mail-body").innerText();
  await context.close();
  const match = body.match(new RegExp(`https?://\\S+/${kind}/[0-9a-f]{64}`));
  if (!match) throw new Error(`no ${kind} link in: ${body}`);
  return new URL(match[0]).pathname;
}

/** The code an authenticator app shows for `secret` (base32) at `at` seconds (RFC 6238). */
export function totp(secret: string, at = Date.now() / 1000): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bits = [...secret.replace(/[\s=]/g, "").toUpperCase()].map((c) => alphabet.indexOf(c).toString(2).padStart(5, "0")).join("");
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, "0");
}

/**
 * Enters the app's code on the sign-in code page. Each code works once, so when another test
 * signed in to the same account in this 30-second step, the next step's code (accepted too)
 * is tried, and after that the next step is waited for.
 */
export async function enterSignInCode(page: Page, secret: string) {
  for (let round = 0; round < 3; round++) {
    for (const ahead of [0, 30]) {
      await page.getByLabel("Code", { exact: true }).fill(totp(secret, Date.now() / 1000 + ahead));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForLoadState();
      if (!new URL(page.url()).pathname.startsWith("/login/two-factor")) return;
    }
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
  }
  throw new Error("no sign-in code was accepted");
}

/** Where scripts/e2e-server keeps the data of the server `page` talks to (tests may use another
 * server than their project's). */
async function serverDataDir(page: Page): Promise<string> {
  if (page.url() === "about:blank") await page.goto("/healthz");
  return path.join(os.homedir(), ".cache", "caravan", `e2e-data-${new URL(page.url()).port}`);
}

/**
 * Signs the platform admin that scripts/e2e-server creates in: their password and a code from
 * the secret `caravan admin create` printed. One test signs in with the code; the others reuse
 * its session, as one person's browser tabs would.
 */
export async function logInAsAdmin(page: Page) {
  const dir = await serverDataDir(page);
  const state = path.join(dir, "admin-session.json");
  for (let waited = 0; !fs.existsSync(state); waited++) {
    if (waited > 600) throw new Error("the admin never signed in");
    let mine = true;
    try {
      fs.closeSync(fs.openSync(`${state}.lock`, "wx"));
    } catch {
      mine = false;
    }
    if (!mine) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    try {
      const secret = fs.readFileSync(path.join(dir, "admin.txt"), "utf8").match(/secret: ([A-Z2-7]+)/)![1];
      const context = await page.context().browser()!.newContext();
      const signIn = await context.newPage();
      await logIn(signIn, "admin@e2e.example", "e2e admin password");
      await expect(signIn).toHaveURL(/\/login\/two-factor$/);
      await enterSignInCode(signIn, secret);
      await expect(signIn).toHaveURL(/\/account$/);
      await context.storageState({ path: `${state}.tmp` });
      fs.renameSync(`${state}.tmp`, state);
      await context.close();
    } finally {
      fs.rmSync(`${state}.lock`, { force: true });
    }
  }
  await page.context().addCookies(JSON.parse(fs.readFileSync(state, "utf8")).cookies);
  await page.goto("/account");
}

/** Fills the address form on the page (checkout or address book) and saves it. */
export async function fillAddressForm(page: Page) {
  await page.getByLabel("Name of this address").fill("Main warehouse");
  await page.getByLabel("Recipient").fill("Goods In");
  await page.getByLabel("Street and number").fill("Lagerstraße 5");
  await page.getByLabel("Postal code").fill("10115");
  await page.getByLabel("City").fill("Berlin");
  await page.getByLabel("Country").selectOption({ label: "Germany" });
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByText("Address added.")).toBeVisible();
}

/** A demo supplier, signed in in a browser of its own, does `steps` at `path`. */
export async function asDemoSupplier(browser: Browser, email: string, path: string, steps: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email, "caravan-demo");
  await expect(page).toHaveURL(/\/account$/);
  await page.goto(path);
  await steps(page);
  await context.close();
}
