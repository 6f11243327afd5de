import { expect, test } from "@playwright/test";

test("the home page shows categories and suppliers, and search finds them", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Source from manufacturers");
  await expect(page.getByRole("heading", { name: "Browse by category" })).toBeVisible();

  await page.getByLabel("What are you sourcing?").fill("coffee");
  await page.getByRole("search").last().getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search\?q=coffee$/);
  await expect(page.getByRole("link", { name: "Minas Café Cooperativa" }).first()).toBeVisible();

  // Country facet narrows, and the state stays in the address.
  await page.getByRole("link", { name: /^Brazil/ }).click();
  await expect(page).toHaveURL(/country=BR/);
  await expect(page.locator(".facet", { hasText: "Brazil" })).toHaveAttribute("aria-current", "true");

  await page.getByRole("link", { name: "Minas Café Cooperativa" }).first().click();
  await expect(page).toHaveURL(/\/s\/minas-cafe$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Minas Café Cooperativa");
  await page.getByRole("link", { name: "Coffee & Tea" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Coffee & Tea");
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Food & Beverage");
});

test("unknown addresses get a helpful 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not found");
  await expect(page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
});

test("the page is usable from the keyboard", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);

  // The category menu opens from the keyboard.
  const summary = page.locator("summary.category-summary");
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".category-menu")).toBeVisible();
  await expect(page.locator(".category-menu").getByRole("link", { name: "Machinery" })).toBeVisible();
});
