import { expect, type Page } from "@playwright/test";
import { test } from "@playwright/test";
import { asDemoSupplier, fillAddressForm, signUp, uniqueEmail } from "./helpers";

/** Opens a product from search results and asks for `quantity` in the cart. */
async function addToCart(page: Page, search: string, title: string, quantity: string) {
  await page.goto(`/search?q=${encodeURIComponent(search)}`);
  await page.locator(".search-results > li", { hasText: title }).getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.getByLabel("Quantity", { exact: true }).fill(quantity);
  await page.getByRole("button", { name: "Add to cart" }).click();
}

async function confirmAndShip(page: Page, tracking: string) {
  await page.getByRole("button", { name: "Confirm order" }).click();
  await expect(page.getByText("Order updated.")).toBeVisible();
  await page.getByText("Mark shipped…").click();
  await page.getByLabel("Carrier").fill("DHL Express");
  await page.getByLabel("Tracking number").fill(tracking);
  await page.getByLabel("Days in transit").fill("7");
  await page.getByRole("button", { name: "Mark shipped", exact: true }).click();
  await expect(page.locator(".page-head .badge")).toHaveText("Shipped");
}

test("a buyer orders from two suppliers by card, both ship, and the buyer confirms receipt and downloads an invoice", async ({ page, browser }) => {
  test.slow();
  await signUp(page, { kind: "buyer", company: "Spree Roasters GmbH", name: "Sophie Buyer", email: uniqueEmail("sophie") });

  // Below the minimum order: refused beside the quantity, with what would do.
  await page.goto(`/search?q=${encodeURIComponent("medium roast")}`);
  await page.getByRole("link", { name: "Medium roast whole beans, private label" }).first().click();
  await page.getByRole("radio", { name: /250 g bags/ }).check();
  await page.getByLabel("Quantity", { exact: true }).fill("40");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.locator("#calc-quantity-error")).toHaveText("The minimum order is 100 units. Try 100 kilograms.");
  // The refused quantity and option stay as the buyer chose them.
  await expect(page.getByLabel("Quantity", { exact: true })).toHaveValue("40");
  await expect(page.getByRole("radio", { name: /250 g bags/ })).toBeChecked();
  await page.getByRole("radio", { name: /1 kg bags/ }).check();
  await page.getByLabel("Quantity", { exact: true }).fill("100");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page).toHaveURL(/\/cart\?notice=cart_added$/);
  await addToCart(page, "curtain fabric", "Linen-look curtain fabric, flame retardant", "1000");
  await expect(page.getByRole("heading", { level: 2, name: "Minas Café Cooperativa" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Zhejiang Huayu Textiles Co., Ltd." })).toBeVisible();

  await page.getByRole("link", { name: "Check out" }).click();
  await fillAddressForm(page);
  await expect(page.getByRole("heading", { level: 2, name: "Order from Minas Café Cooperativa" })).toBeVisible();
  await page.getByLabel("Your purchase order number").first().fill("SR-2026-114");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM/YY)").fill("12/30");
  await page.getByLabel("Security code").fill("123");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/orders\?placed=\d+&notice=order_placed$/);
  await expect(page.locator(".orders-table tbody tr")).toHaveCount(2);

  const orderPaths: string[] = [];
  for (const supplier of ["Minas Café Cooperativa", "Zhejiang Huayu Textiles Co., Ltd."]) {
    const href = await page.locator(".orders-table tbody tr", { hasText: supplier }).getByRole("link").getAttribute("href");
    orderPaths.push(href!);
  }
  await asDemoSupplier(browser, "rafael.souza@minas-cafe.example", `/supplier${orderPaths[0]}`, (p) => confirmAndShip(p, "JD014600001"));
  await asDemoSupplier(browser, "li.wei@huayu-textiles.example", `/supplier${orderPaths[1]}`, (p) => confirmAndShip(p, "SF1234567"));

  // The buyer confirms the goods arrived: the held payment goes to the supplier.
  await page.goto(orderPaths[0]);
  await expect(page.locator(".order-payment")).toContainText("Held in escrow · Visa ending 4242");
  await page.getByRole("button", { name: "Confirm receipt" }).click();
  await expect(page.locator(".page-head .badge")).toHaveText("Completed");
  await expect(page.locator(".order-payment")).toContainText("Released to supplier");
  await expect(page.locator(".timeline li")).toHaveCount(4);

  // The buyer rates the supplier, and buyers see the rating beside its products.
  const review = page.locator("section.review");
  await expect(review.getByRole("heading", { level: 2 })).toHaveText("Your review of Minas Café Cooperativa");
  await review.getByRole("radio", { name: /^4 stars/ }).check();
  await review.getByLabel(/What went well/).fill("Beans arrived well packed; labels as agreed.");
  await review.getByRole("button", { name: "Publish review" }).click();
  await expect(page.getByText("Thank you: your review is published")).toBeVisible();
  await expect(page.locator("section.review")).toContainText("Good");
  await expect(page.locator("section.review")).toContainText("Beans arrived well packed; labels as agreed.");
  await expect(page.locator("section.review .stars")).toHaveAttribute("aria-label", "4 stars out of 5");
  await expect(page.getByRole("button", { name: "Publish review" })).toHaveCount(0);
  // On a phone the order page fits the screen: its wide table scrolls inside its card.
  const desktop = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize(desktop);
  await page.getByRole("link", { name: "Medium roast whole beans, private label" }).click();
  await expect(page.locator(".supplier-card")).toContainText(/Rating\s*\d\.\d out of 5 \(\d+ reviews?\)/);
  await page.goBack();

  // The commercial invoice, as a page and as a PDF.
  await page.getByRole("link", { name: /^Commercial invoice INV-/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Commercial invoice" })).toBeVisible();
  await expect(page.locator(".invoice")).toContainText("SR-2026-114");
  await expect(page.locator(".invoice")).toContainText("Lagerstraße 5");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^INV-\d{6}\.pdf$/);
  const pdf = await download.path();
  expect(pdf).toBeTruthy();
});

test("a buyer pays by bank transfer against the proforma invoice", async ({ page, browser }) => {
  test.slow();
  await signUp(page, { kind: "buyer", company: "Elbe Coffee Traders", name: "Tom Buyer", email: uniqueEmail("tom") });
  await addToCart(page, "sul de minas", "Specialty green coffee, Sul de Minas, 84 pts", "600");
  await expect(page).toHaveURL(/\/cart\?notice=cart_added$/);
  await page.getByRole("link", { name: "Check out" }).click();
  await fillAddressForm(page);
  await page.getByLabel(/Bank transfer against a proforma invoice/).check();
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/orders\?placed=/);
  const orderPath = (await page.locator(".orders-table tbody tr").first().getByRole("link").getAttribute("href"))!;
  await page.goto(orderPath);
  await expect(page.locator(".order-payment")).toContainText("Awaiting transfer");
  await page.getByRole("link", { name: /^Proforma invoice PF-/ }).click();
  await expect(page.locator(".invoice")).toContainText("by bank transfer");
  await expect(page.locator(".invoice")).toContainText("IBAN");

  await asDemoSupplier(browser, "rafael.souza@minas-cafe.example", `/supplier${orderPath}`, async (p) => {
    await p.getByRole("button", { name: "Confirm order" }).click();
    await expect(p.getByText("Order updated.")).toBeVisible();
    await p.getByRole("button", { name: "Mark payment received" }).click();
    await expect(p.locator(".order-payment")).toContainText("Paid");
  });
  await page.goto(orderPath);
  await expect(page.locator(".order-payment")).toContainText("Paid");
  await expect(page.locator(".timeline li")).toHaveCount(3);
});
