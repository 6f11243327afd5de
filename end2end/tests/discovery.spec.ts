import { expect, test } from "@playwright/test";

// Runs with JavaScript on and off (see playwright.config.ts): every step is links and forms.
test("a buyer searches, narrows with facets, prices a quantity and compares products", async ({ page, javaScriptEnabled }) => {
  await page.goto("/");
  await page.getByLabel("What are you sourcing?").fill("green coffee");
  await page.getByRole("search").last().getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search\?q=green(\+|%20)coffee$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “green coffee”");

  // With a script, the search box suggests products after two characters.
  if (javaScriptEnabled) {
    const box = page.getByLabel("Search products");
    const suggestion = page.locator("#search-suggestions option[value='Specialty green coffee, Sul de Minas, 84 pts']");
    await expect(async () => {
      await box.fill("");
      await box.pressSequentially("speci");
      await expect(suggestion).toHaveCount(1, { timeout: 1_000 });
    }).toPass();
    await box.fill("green coffee");
  }

  // Three facets, each a link that keeps the others; the address holds the whole search.
  // With a script the results change in place: the page is not loaded again.
  if (javaScriptEnabled) await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  const facets = page.getByRole("complementary", { name: "Filters" });
  await facets.getByRole("link", { name: /^Brazil/ }).click();
  await expect(page).toHaveURL(/country=BR/);
  await facets.getByRole("link", { name: /^Samples available/ }).click();
  await expect(page).toHaveURL(/country=BR&sample=1/);
  await facets.getByRole("link", { name: /^MOQ 1,000 or less/ }).click();
  await expect(page).toHaveURL(/moq_max=1000&country=BR&sample=1/);
  const chips = page.getByRole("list", { name: "Filters in use" });
  await expect(chips.getByRole("link")).toHaveCount(3);
  const results = page.locator(".search-results > li");
  await expect(results).toHaveCount(1);
  if (javaScriptEnabled) {
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // Back returns to the previous results.
    await page.goBack();
    await expect(page).not.toHaveURL(/moq_max/);
    await expect(results).toHaveCount(2);
    await page.goForward();
    await expect(results).toHaveCount(1);
  }
  await expect(results.first()).toContainText("Specialty green coffee, Sul de Minas, 84 pts");
  const filtered = page.url();

  // The product: its tier price follows the quantity.
  await results.first().getByRole("link", { name: "Specialty green coffee, Sul de Minas, 84 pts" }).click();
  await expect(page).toHaveURL(/\/p\/specialty-green-coffee-sul-de-minas-84-pts-\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Specialty green coffee, Sul de Minas, 84 pts");
  const result = page.locator(".price-calculator-result");
  await expect(result).toContainText("USD 7.80 per kilogram");
  await page.getByLabel("Quantity", { exact: true }).fill("3000");
  await page.getByRole("button", { name: "Show price" }).click();
  await expect(result).toContainText("USD 7.17 per kilogram · USD 21,510.00 for 3,000 kilograms");
  await expect(page.locator(".tier-table tr[aria-current=true]")).toContainText("3,000 – 11,999 kilograms");
  if (javaScriptEnabled) {
    // With a script the price follows typing: the server prices it, without a page load, and
    // the address keeps the quantity.
    await page.evaluate(() => { (window as unknown as { stayed?: boolean }).stayed = true; });
    await page.getByLabel("Quantity", { exact: true }).fill("12000");
    await expect(result).toContainText("for 12,000 kilograms");
    await expect(page.locator(".tier-table tr[aria-current=true]")).toContainText("12,000+ kilograms");
    await expect(page).toHaveURL(/quantity=12000/);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  }
  await expect(page.getByRole("link", { name: "Contact supplier" })).toHaveAttribute("href", /^\/inquire\?product=\d+$/);
  await expect(page.getByRole("link", { name: "Visit storefront" })).toHaveAttribute("href", "/s/minas-cafe");

  // Three products side by side, picked from the results; the choice follows the buyer.
  await page.getByRole("button", { name: "Compare" }).click();
  await page.goto("/search?q=coffee&sort=price");
  for (const title of ["Green coffee, Brazil Cerrado, NY 2/3", "Medium roast whole beans, private label"]) {
    await page.locator(".search-results > li", { hasText: title }).getByRole("button", { name: "Compare" }).click();
    await expect(page.locator(".search-results > li", { hasText: title }).getByRole("button", { name: "✓ In comparison" }))
      .toBeVisible();
  }
  await page.getByRole("link", { name: "Compare (3)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compare products");
  await page.getByLabel("Quantity you need").fill("1200");
  await page.getByRole("button", { name: "Compare at this quantity" }).click();
  const table = page.locator(".compare-table");
  await expect(table.locator("thead th")).toHaveCount(3);
  await expect(table).toContainText("USD 5.20 / kilogram");
  await expect(table).toContainText("Brazil");

  // The filtered search's address works on its own.
  await page.goto(filtered);
  await expect(page.locator(".search-results > li")).toHaveCount(1);
});
