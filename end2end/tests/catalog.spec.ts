import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { signUp, uniqueEmail } from "./helpers";

/** Price lines the server's Rust unit tests check too (src/domain/price_lines.json). */
type PriceLine = {
  currency: string; unit: string; moq: string; increment: string;
  tiers: [string, string][]; lead_times: [string, string][]; quantity: string; line: string;
};
const PRICE_LINES: PriceLine[] = JSON.parse(readFileSync(join(__dirname, "../../src/domain/price_lines.json"), "utf8"));

/** Fills the new-product form: three variants, three price tiers, a lead time. */
async function fillProduct(page: Page, title: string, skuPrefix: string) {
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Category").selectOption({ label: "Apparel & Textiles › Men's Clothing › Men's Shirts" });
  await page.getByLabel("Description (optional)").fill("Combed cotton, **pre-shrunk**, reinforced seams.");
  await page.getByLabel("Unit", { exact: true }).selectOption("piece");
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByLabel("Minimum order quantity").fill("100");
  await page.getByLabel("Order in steps of").fill("50");
  const tiers = [["100", "12.50"], ["500", "11.00"], ["1000", "9.80"]];
  for (const [n, [qty, price]] of tiers.entries()) {
    await page.getByLabel(`Tier ${n + 1} from quantity`).fill(qty);
    await page.getByLabel(`Tier ${n + 1} unit price`).fill(price);
  }
  await page.getByLabel("Lead time 1 up to quantity").fill("1000");
  await page.getByLabel("Lead time 1 days").fill("20");
  for (const [n, colour] of ["Navy", "White", "Black"].entries()) {
    await page.getByLabel(`Variant ${n + 1} SKU`).fill(`${skuPrefix}-${colour.toUpperCase()}`);
    await page.getByLabel(`Variant ${n + 1} option name`).fill(colour);
    await page.getByLabel(`Variant ${n + 1} stock`).fill(String(200 * (n + 1)));
  }
  await page.getByLabel("Specification 1 name").fill("Material");
  await page.getByLabel("Specification 1 value").fill("100% cotton");
}

test("a supplier lists a product with variants and tiers, publishes it and edits stock", async ({ page, javaScriptEnabled }) => {
  await signUp(page, { kind: "supplier", company: "Bremen Shirts", name: "Hanna Vogt", email: uniqueEmail("hanna") });
  await page.goto("/account");
  await page.getByRole("link", { name: "Products" }).first().click();
  await expect(page.getByRole("heading", { name: "No products yet" })).toBeVisible();
  await page.getByRole("link", { name: "Add product" }).click();

  // A mistake is shown beside its field, and what was typed is kept.
  await fillProduct(page, "Oxford shirt, long sleeve", "OXF");
  await page.getByLabel("Tier 2 from quantity").fill("90");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.locator(".field-invalid", { has: page.getByLabel("Tier 2 from quantity") }).locator(".field-error"))
    .toContainText("larger quantity than the one before");
  await expect(page.getByLabel("Title")).toHaveValue("Oxford shirt, long sleeve");
  await page.getByLabel("Tier 2 from quantity").fill("500");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Product saved");
  await expect(page.getByRole("heading", { level: 1, name: "Oxford shirt, long sleeve" })).toBeVisible();

  // The price at a quantity: worked out in the browser by the shared rules as the supplier types.
  const result = page.locator(".price-calculator-result");
  await expect(result).toContainText("EUR 12.50 per piece · EUR 1,250.00 for 100 pieces · ships in 20 days");
  if (javaScriptEnabled) {
    await page.getByLabel("Price at quantity").fill("1000");
    await expect(result).toContainText("EUR 9.80 per piece · EUR 9,800.00 for 1,000 pieces");
    await page.getByLabel("Tier 3 unit price").fill("9.50");
    await expect(result).toContainText("EUR 9.50 per piece · EUR 9,500.00 for 1,000 pieces");
    await page.getByLabel("Price at quantity").fill("1020");
    await expect(result).toContainText("Order in steps of 50 from 100: for example 1000 or 1050.");
    await page.getByLabel("Tier 3 unit price").fill("9.80");
  }

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Published");

  // The public product page prices any quantity, with a script or without (a plain form).
  const editor = page.url();
  await page.getByRole("link", { name: /\/p\/oxford-shirt-long-sleeve-\d+$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Oxford shirt, long sleeve" })).toBeVisible();
  await page.getByLabel("Quantity", { exact: true }).fill("1000");
  await page.getByRole("button", { name: "Show price" }).click();
  await expect(page.locator(".price-calculator-result")).toHaveText("EUR 9.80 per piece · EUR 9,800.00 for 1,000 pieces · ships in 20 days");
  await page.goto(editor);

  // Buyers' view of the draft and published product.
  await page.getByRole("link", { name: "Preview as buyers see it" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Oxford shirt, long sleeve" })).toBeVisible();
  await expect(page.locator(".tier-table")).toContainText("1,000+ pieces");
  await expect(page.locator(".spec-list").first()).toContainText("100% cotton");

  // Stock edited in place in the list.
  await page.goto("/supplier/products");
  const row = page.locator("tr", { hasText: "Oxford shirt, long sleeve" });
  await expect(row.getByText("Published")).toBeVisible();
  await row.getByLabel("OXF-WHITE stock of Oxford shirt, long sleeve").fill("350");
  await row.getByRole("button", { name: "Save stock of OXF-WHITE" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("Stock updated");
  await expect(page.locator("tr", { hasText: "Oxford shirt, long sleeve" }).getByLabel("OXF-WHITE stock of Oxford shirt, long sleeve"))
    .toHaveValue("350");

  // Duplicate, then archive the copy with a bulk action.
  await page.getByRole("link", { name: "Oxford shirt, long sleeve" }).click();
  await page.getByRole("button", { name: "Duplicate" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("draft copy");
  await page.goto("/supplier/products");
  await page.getByLabel("Tick Oxford shirt, long sleeve (copy)").check();
  await page.getByLabel("With ticked products").selectOption("archive");
  await page.getByRole("button", { name: "Apply to ticked" }).click();
  await expect(page.locator(".alert-success[role=status]")).toContainText("archived");
  await page.getByLabel("Status").selectOption("archived");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody")).toContainText("Oxford shirt, long sleeve (copy)");
});

test("a supplier imports a CSV with one bad row, sees its line, imports the rest and exports the catalog", async ({ page }) => {
  await signUp(page, { kind: "supplier", company: "Hamburg Workwear", name: "Jonas Berg", email: uniqueEmail("jonas") });
  await page.goto("/supplier/products");
  await page.getByRole("link", { name: "Import or export CSV" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import and export products" })).toBeVisible();

  const csv = [
    "sku,product,title,category,unit,currency,moq,increment,tiers,lead_times,variant,stock,origin",
    'JKT-S,work-jacket,"Work jacket, canvas",coveralls,piece,EUR,50,10,"50:38.00; 200:34.50",500:20,S,120,DE',
    "JKT-M,work-jacket,,,,,,,,,M,90,",
    'VST-1,hi-vis-vest,"Hi-vis vest",high-visibility-clothing,piece,EUR,100,10,"100:4.20; 50:3.90",,One size,400,DE',
  ].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "catalog.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Check file" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Import of catalog.csv" })).toBeVisible();
  await expect(page.locator(".alert-warning")).toContainText("2 of 3 rows are ready; 1 problem(s) below.");
  const problem = page.locator(".import-errors tbody tr");
  await expect(problem).toHaveCount(1);
  await expect(problem.locator("td").nth(0)).toHaveText("4");
  await expect(problem.locator("td").nth(1)).toHaveText("tiers");
  await expect(problem.locator("td").nth(2)).toContainText("larger quantity than the one before");

  await page.getByRole("button", { name: "Import the 2 valid rows" }).click();
  await expect(page.locator(".alert-success")).toContainText("Imported 2 rows: 1 products created", { timeout: 30_000 });
  await page.getByRole("link", { name: "See your products" }).click();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody")).toContainText("Work jacket, canvas");

  await page.goto("/supplier/products/import");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export catalog (CSV)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^hamburg-workwear(-\d+)?-catalog-\d{4}-\d{2}-\d{2}\.csv$/);
  const exported = (await (await import("node:fs/promises")).readFile(await file.path())).toString();
  expect(exported.split("\n")[0]).toContain("sku,product,title");
  expect(exported).toContain("JKT-M,work-jacket");
  expect(exported).toContain("50:38.00; 200:34.50");
});

test("the browser's price calculator gives the server's prices to the character", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "the calculator follows typing only with JavaScript");
  await signUp(page, { kind: "supplier", company: "Vector Trading", name: "Vera Lin", email: uniqueEmail("vera") });
  await page.goto("/supplier/products/new");
  const result = page.locator(".price-calculator-result");
  for (const v of PRICE_LINES) {
    // Typed again until the result shows: keystrokes made before the calculator's script has
    // started are not seen by it.
    await expect(async () => {
      await page.getByLabel("Currency").selectOption(v.currency);
      await page.getByLabel("Unit", { exact: true }).selectOption(v.unit);
      await page.getByLabel("Minimum order quantity").fill(v.moq);
      await page.getByLabel("Order in steps of").fill(v.increment);
      for (let n = 0; n < 3; n++) {
        await page.getByLabel(`Tier ${n + 1} from quantity`).fill(v.tiers[n]?.[0] ?? "");
        await page.getByLabel(`Tier ${n + 1} unit price`).fill(v.tiers[n]?.[1] ?? "");
      }
      for (let n = 0; n < 2; n++) {
        await page.getByLabel(`Lead time ${n + 1} up to quantity`).fill(v.lead_times[n]?.[0] ?? "");
        await page.getByLabel(`Lead time ${n + 1} days`).fill(v.lead_times[n]?.[1] ?? "");
      }
      await page.getByLabel("Price at quantity").fill(v.quantity);
      await expect(result).toHaveText(v.line, { timeout: 2_000 });
    }).toPass();
  }
});
