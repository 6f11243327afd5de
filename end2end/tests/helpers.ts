import { expect, type Browser, type Page } from "@playwright/test";

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

/** Signs the platform admin that scripts/e2e-server creates in. */
export async function logInAsAdmin(page: Page) {
  await logIn(page, "admin@e2e.example", "e2e admin password");
  await expect(page).toHaveURL(/\/account$/);
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
