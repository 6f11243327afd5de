import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

/** The outline of the builder's current page: one line per block, in order. */
async function outline(page: Page): Promise<string[]> {
  return page.locator(".block-row .block-kind").allInnerTexts();
}

async function addBlock(page: Page, kind: string) {
  await page.goto("/supplier/storefront");
  await page.getByLabel("Add a block").selectOption(kind);
  await page.getByRole("button", { name: "Add block" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Block added");
}

async function saveBlock(page: Page) {
  await page.getByRole("button", { name: "Save block" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Block saved");
}

/** The guided onboarding, step by step, as a new supplier meets it. */
async function onboard(page: Page) {
  await page.goto("/account");
  await page.getByRole("link", { name: "Company profile" }).first().click();
  await expect(page.getByRole("heading", { level: 2, name: "Company basics" })).toBeVisible();
  await page.getByLabel("City").fill("Duisburg");
  await page.getByLabel("Business type").selectOption("manufacturer");
  await page.getByLabel("Year established").fill("1978");
  await page.getByLabel("Number of employees").selectOption("51-200");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { level: 2, name: "Products and markets" })).toBeVisible();
  await page.locator("summary", { hasText: "Construction & Building" }).click();
  await page.getByLabel("Hardware & Fasteners").check();
  await page.getByLabel("Western Europe").check();
  await page.getByLabel("Middle East").check();
  await page.getByLabel("Typical response time to inquiries").selectOption("12h");
  await page.getByRole("button", { name: "Save and continue" }).click();

  // Leaving and coming back resumes at the first unfinished step.
  await page.goto("/supplier/profile");
  await expect(page.getByRole("heading", { level: 2, name: "About your company" })).toBeVisible();
  await expect(page.locator(".alert-info")).toContainText("Company description");
  await page.getByLabel("Company description").fill(
    "Atlas Bolt Works forges and machines fasteners for steel construction, wind energy and rail. " +
      "Hot-dip galvanising in house, full traceability with 3.1 certificates.",
  );
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { level: 2, name: "Certifications" })).toBeVisible();
  await page.getByLabel("Certification", { exact: true }).fill("ISO 9001:2015");
  await page.getByLabel("Issued by").fill("TÜV Rheinland");
  await page.getByLabel("Valid until").fill("2030-06-30");
  await page.getByRole("button", { name: "Add certification" }).click();
  await expect(page.locator("table")).toContainText("ISO 9001:2015");
  await expect(page.locator(".profile-ready")).toContainText("Your profile is complete");

  // Logo and banner: a picture taken from a demo storefront stands in for the supplier's own.
  await page.getByRole("link", { name: "Continue to logo and banner" }).click();
  const picture = await demoPicture(page);
  await page.getByLabel("Banner image").setInputFiles({ name: "banner.jpg", mimeType: "image/jpeg", buffer: picture });
  await page.getByRole("button", { name: "Upload banner" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Image uploaded");
  await expect(page.getByRole("img", { name: "Your current banner" })).toBeVisible();
  await page.getByLabel("Banner image").setInputFiles({ name: "notes.txt", mimeType: "image/png", buffer: Buffer.from("not a picture") });
  await page.getByRole("button", { name: "Upload banner" }).click();
  await expect(page.locator(".field-error")).toContainText("not a PNG, JPEG or WebP image");
}

/** The largest rendition of a demo supplier's banner. */
async function demoPicture(page: Page): Promise<Buffer> {
  const html = await (await page.request.get("/s/minas-cafe")).text();
  const src = html.match(/srcset="[^"]*?(\/media\/[0-9a-f]+-1600\.jpg)/);
  if (!src) throw new Error("no demo banner found");
  return Buffer.from(await (await page.request.get(src[1])).body());
}

async function publish(page: Page) {
  await page.goto("/supplier/storefront");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Published");
}

test("a supplier builds, previews and publishes a storefront that buyers see exactly as published", async ({ page, browser }, info) => {
  // The longest flow of the suite (onboarding, a dozen blocks, publishing, a buyer's visit):
  // three times the default budget, so a busy machine does not fail it.
  test.slow();
  await signUp(page, { kind: "supplier", company: "Atlas Bolt Works", name: "Iris Stahl", email: uniqueEmail("builder") });
  await page.goto("/supplier/storefront");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.locator(".alert-error")).toContainText("Complete your company profile before publishing");

  await onboard(page);
  await page.goto("/account");
  await page.getByRole("link", { name: "Build your storefront" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Storefront builder");
  await expect(page.getByText("Not published yet")).toBeVisible();
  const slug = await page.getByLabel("Storefront address").inputValue();

  // The hero of the starter storefront.
  await page.getByRole("link", { name: /^Edit Hero banner/ }).click();
  await page.getByLabel("Headline").fill("Bolts and nuts for heavy industry");
  await page.getByLabel("Subheading (optional)").fill("DIN and ISO fasteners, M3 to M64, from stock.");
  await saveBlock(page);

  await addBlock(page, "rich_text");
  await page.getByLabel("Section heading (optional)").fill("Why Atlas");
  await page.getByLabel("Text", { exact: true }).fill("We make **12,000 tonnes** a year.\n\n- Zinc flake coating\n- 3.1 certificates");
  await saveBlock(page);

  await addBlock(page, "faq");
  await page.getByLabel("Question").first().fill("What is your MOQ?");
  await page.getByLabel("Answer").first().fill("One carton per size.");
  await saveBlock(page);

  await addBlock(page, "testimonials");
  await saveBlock(page);

  await page.goto("/supplier/storefront/images");
  await page.getByLabel("Image", { exact: true }).setInputFiles({ name: "hall.jpg", mimeType: "image/jpeg", buffer: await demoPicture(page) });
  await page.getByLabel("Describe the image").fill("Forging hall with two 1,000-tonne presses");
  await page.getByRole("button", { name: "Upload image" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Image uploaded");
  await addBlock(page, "gallery");
  await page.getByLabel("Image", { exact: true }).first().selectOption({ label: "Forging hall with two 1,000-tonne presses" });
  await page.getByLabel("Caption (optional)").first().fill("Hall 2, Duisburg");
  await saveBlock(page);

  await page.goto("/supplier/storefront");
  expect(await outline(page)).toEqual([
    "Hero banner", "Featured products", "Company facts", "Contact call-to-action", "Text", "Questions and answers", "Testimonials",
    "Factory and gallery images",
  ]);

  // Reorder with the keyboard: focus "Move up" on the text block and press Enter twice.
  for (let i = 0; i < 3; i++) {
    await page.getByRole("button", { name: /^Move up: Text/ }).focus();
    await page.keyboard.press("Enter");
    await expect(page.locator(".alert-success[role=status]")).toContainText("Block moved");
  }
  expect(await outline(page)).toEqual([
    "Hero banner", "Text", "Featured products", "Company facts", "Contact call-to-action", "Questions and answers", "Testimonials",
    "Factory and gallery images",
  ]);

  // Hide the (still empty) featured products block.
  await page.getByRole("button", { name: /^Hide: Featured products/ }).click();
  await expect(page.locator(".block-row.block-hidden")).toHaveCount(1);

  await page.getByRole("link", { name: "Preview draft" }).click();
  await expect(page.getByRole("note")).toContainText("Preview of your draft");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bolts and nuts for heavy industry");
  await expect(page.locator(".sf-prose strong")).toHaveText("12,000 tonnes");

  await publish(page);

  // A signed-out buyer sees the published storefront.
  const buyerContext = await browser.newContext({ javaScriptEnabled: info.project.use.javaScriptEnabled });
  const buyer = await buyerContext.newPage();
  await buyer.goto(`/s/${slug}`);
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Bolts and nuts for heavy industry");
  await expect(buyer.getByRole("heading", { name: "Why Atlas" })).toBeVisible();
  await expect(buyer.getByText("What is your MOQ?")).toBeVisible();
  await expect(buyer.getByRole("heading", { name: "Featured products" })).toHaveCount(0);
  const headings = await buyer.locator(".sf-blocks h1, .sf-blocks h2").allInnerTexts();
  expect(headings.slice(0, 2)).toEqual(["Bolts and nuts for heavy industry", "Why Atlas"]);
  await expect(buyer.locator('script[type="application/ld+json"]')).toHaveCount(1);
  await expect(buyer.locator(".sf-facts")).toContainText("Manufacturer");
  await expect(buyer.locator(".sf-facts")).toContainText("Western Europe, Middle East");
  // No inquiry answered yet: the stated response time, marked as such.
  await expect(buyer.locator(".sf-facts")).toContainText("Within 12 hours (stated by the supplier)");
  await expect(buyer.locator(".sf-hero-bg")).toHaveAttribute("srcset", /\/media\/.+ 800w/);
  await expect(buyer.getByRole("img", { name: "Forging hall with two 1,000-tonne presses" })).toBeVisible();
  await expect(buyer.getByText("Hall 2, Duisburg")).toBeVisible();
  // Contacting the supplier starts an inquiry with it.
  await expect(buyer.locator(".sf-header").getByRole("link", { name: "Contact supplier" })).toHaveAttribute("href", `/inquire?supplier=${slug}`);
  await buyer.getByRole("navigation", { name: "Storefront" }).getByRole("link", { name: "Contact" }).click();
  await expect(buyer).toHaveURL(new RegExp(`/s/${slug}/contact$`));

  // A later draft change stays private until it is published.
  await page.goto("/supplier/storefront/home/1");
  await page.getByLabel("Headline").fill("Draft headline, not live yet");
  await saveBlock(page);
  await buyer.goto(`/s/${slug}`);
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Bolts and nuts for heavy industry");

  await publish(page);
  await buyer.reload();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Draft headline, not live yet");

  // Restoring version 1 and publishing it brings the first headline back.
  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Version restored");
  await publish(page);
  await buyer.reload();
  await expect(buyer.getByRole("heading", { level: 1 })).toHaveText("Bolts and nuts for heavy industry");
  await buyerContext.close();
});

test("a block with an error keeps what the supplier typed", async ({ page }) => {
  await signUp(page, { kind: "supplier", company: "Careful Castings", name: "Cora Cast", email: uniqueEmail("careful") });
  await page.goto("/supplier/storefront/home/1");
  await page.getByLabel("Headline").fill("");
  await page.getByLabel("Subheading (optional)").fill("Typed text that must survive");
  await page.getByRole("button", { name: "Save block" }).click();
  await expect(page.locator(".field-error").first()).toContainText("This field is required.");
  await expect(page.getByLabel("Subheading (optional)")).toHaveValue("Typed text that must survive");
});

test("the theme and accent colour change the published look", async ({ page }) => {
  await signUp(page, { kind: "supplier", company: "Themed Timber", name: "Theo Timber", email: uniqueEmail("theme") });
  await page.goto("/supplier/storefront");
  await page.getByLabel(/^Atelier/).check();
  await page.getByLabel("Use my own accent colour").check();
  await page.getByLabel("Accent colour", { exact: true }).fill("#aa3300");
  await page.getByRole("button", { name: "Save theme" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Theme saved");
  await page.goto("/supplier/storefront/preview/home");
  const store = page.locator(".sf");
  await expect(store).toHaveAttribute("data-theme", "atelier");
  await expect(store).toHaveAttribute("style", /--sf-accent: #aa3300/);

  // The dark-header theme keeps its menu readable.
  await page.goto("/supplier/storefront");
  await page.getByLabel(/^Foundry/).check();
  await page.getByRole("button", { name: "Save theme" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Theme saved");
  await page.goto("/supplier/storefront/preview/home");
  await expect(page.getByRole("navigation", { name: "Storefront" }).getByRole("link", { name: "Products" })).toHaveCSS("color", "rgb(255, 255, 255)");
});

test("blocks can be reordered by drag and drop", async ({ page }, info) => {
  test.skip(info.project.use.javaScriptEnabled === false, "drag and drop needs the builder script; buttons cover it without");
  await signUp(page, { kind: "supplier", company: "Dragging Dyes", name: "Dora Drag", email: uniqueEmail("drag") });
  await page.goto("/supplier/storefront");
  expect(await outline(page)).toEqual(["Hero banner", "Featured products", "Company facts", "Contact call-to-action"]);
  // The builder script is in place once its WebAssembly has loaded.
  await page.waitForLoadState("networkidle");
  await page.locator(".block-row", { hasText: "Contact call-to-action" }).dragTo(page.locator(".block-row", { hasText: "Hero banner" }));
  // The page reloads with the new order; a locator assertion keeps retrying across the reload.
  await expect(page.locator(".block-row .block-kind")).toHaveText([
    "Contact call-to-action", "Hero banner", "Featured products", "Company facts",
  ]);
});
