import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

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
