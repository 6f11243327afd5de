import { expect, test, type Browser, type Page } from "@playwright/test";
import { logInAsAdmin, signUp, uniqueEmail } from "./helpers";

/** A demo picture stands in for a scanned business licence. */
async function scan(page: Page): Promise<Buffer> {
  const html = await (await page.request.get("/s/minas-cafe")).text();
  const src = html.match(/(\/media\/[0-9a-f]+-1600\.jpg)/);
  if (!src) throw new Error("no demo picture found");
  return Buffer.from(await (await page.request.get(src[1])).body());
}

async function sendDocument(page: Page) {
  await page.goto("/supplier/verification");
  await page.getByLabel("Business document").setInputFiles({ name: "licence.jpg", mimeType: "image/jpeg", buffer: await scan(page) });
  await page.getByRole("button", { name: "Upload document" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Document uploaded");
  await page.getByRole("button", { name: "Send for review" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Sent for review");
}

async function adminPage(browser: Browser, javaScriptEnabled: boolean | undefined): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const admin = await context.newPage();
  await logInAsAdmin(admin);
  await admin.goto("/admin/verifications");
  return admin;
}

test("a supplier is refused with a reason, sends new documents and is verified", async ({ page, browser }, info) => {
  const company = `Verify Me ${Math.floor(Math.random() * 1e9)}`;
  await signUp(page, { kind: "supplier", company, name: "Vera Fye", email: uniqueEmail("verify") });
  await sendDocument(page);
  await expect(page.locator(".alert-info")).toContainText("under review");

  const admin = await adminPage(browser, info.project.use.javaScriptEnabled);
  const item = admin.locator("article.case", { hasText: company });
  await expect(item.getByRole("img", { name: `Document 1 of ${company}` })).toBeVisible();
  await item.getByLabel("Reason for refusing").fill("The licence is expired: send the renewed one.");
  await item.getByRole("button", { name: "Refuse" }).click();
  await expect(admin.locator(".alert-success[role=status]")).toContainText("Refused");

  await page.reload();
  await expect(page.locator(".alert-error")).toContainText("The licence is expired: send the renewed one.");
  await sendDocument(page);

  await admin.goto("/admin/verifications");
  await admin.locator("article.case", { hasText: company }).getByRole("button", { name: "Grant Verified badge" }).click();
  await expect(admin.locator(".alert-success[role=status]")).toContainText("Approved");
  await admin.context().close();

  await page.goto("/supplier/verification");
  await expect(page.locator(".verified-badge").first()).toBeVisible();
  await page.goto("/supplier/storefront/preview/home");
  await expect(page.locator(".sf-header .verified-badge")).toHaveText("✓ Verified supplier");
});
