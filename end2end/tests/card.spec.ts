import { expect, test } from "@playwright/test";
import { fillAddressForm, PASSWORD, signUp, uniqueEmail } from "./helpers";

// The second server (playwright.config.ts) pays through Stripe: localstripe's API and Stripe.js.
const stripePort = String(Number(process.env.E2E_PORT ?? "3100") + 1);
test.use({ baseURL: `http://127.0.0.1:${stripePort}` });

test("a buyer pays by card in the provider's element and passes 3-D Secure", async ({ page, javaScriptEnabled }) => {
  test.skip(!process.env.CARAVAN_TEST_STRIPE_API, "localstripe is not running (scripts/test starts it)");
  test.skip(!javaScriptEnabled, "the provider's card element is a script");
  test.slow();
  await signUp(page, { kind: "buyer", company: "Havel Interiors GmbH", name: "Hanna Buyer", email: uniqueEmail("hanna") });
  await page.goto(`/search?q=${encodeURIComponent("curtain fabric")}`);
  await page.getByRole("link", { name: "Linen-look curtain fabric, flame retardant" }).first().click();
  await page.getByLabel("Quantity", { exact: true }).fill("1000");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.getByRole("link", { name: "Check out" }).click();
  await fillAddressForm(page);

  // No card fields of Caravan's own: the card goes into the provider's element.
  await expect(page.getByLabel("Card number")).toHaveCount(0);
  const element = page.locator("[data-stripe-card]");
  await expect(element.locator("input")).toHaveCount(5);
  await page.getByLabel("Your purchase order number").first().fill("HI-3DS-1");
  await element.getByPlaceholder("number").fill("4000002760003184");
  await element.getByPlaceholder("exp_month").fill("12");
  await element.getByPlaceholder("exp_year").fill("34");
  await element.getByPlaceholder("cvc").fill("123");
  await element.getByPlaceholder("postal_code").fill("10115");
  await page.getByRole("button", { name: "Place order" }).click();

  // The bank asks to confirm; once the buyer has, the order is placed with that payment.
  await expect(page.locator(".field-error", { hasText: "Your bank asks you to confirm this payment" })).toBeVisible();
  await page.getByRole("button", { name: "Complete authentication" }).click();
  await expect(page).toHaveURL(/\/orders\?placed=\d+&notice=order_placed$/);
  await expect(page.locator(".orders-table tbody tr")).toHaveCount(1);
  await page.locator(".orders-table tbody tr").getByRole("link").first().click();
  await expect(page.locator(".order-payment")).toContainText("Held in escrow · Visa ending 3184");
  await expect(page.getByText("HI-3DS-1")).toBeVisible();
});

test("a supplier sets up Stripe payouts on Stripe's onboarding pages and comes back ready", async ({ page }) => {
  test.skip(!process.env.CARAVAN_TEST_STRIPE_API, "localstripe is not running (scripts/test starts it)");
  await signUp(page, { kind: "supplier", company: "Lindqvist Textiles AB", name: "Ebba Lindqvist", email: uniqueEmail("ebba") });
  await page.goto("/supplier/selling");
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Payouts through Stripe" }) });
  await expect(card).toContainText("Until then Caravan pays you by bank transfer.");
  await card.getByLabel("Your password").fill("not my password");
  await card.getByRole("button", { name: "Set up Stripe payouts" }).click();
  await expect(card.locator(".field-error")).toHaveText("That is not your password.");

  await card.getByLabel("Your password").fill(PASSWORD);
  await card.getByRole("button", { name: "Set up Stripe payouts" }).click();
  // Stripe's own pages (localstripe's stand-in), then back to the selling settings.
  await expect(page).toHaveURL(/\/_config\/connect\/onboard\/acct_\w+/);
  await page.getByRole("button", { name: "Agree and submit" }).click();
  await expect(page).toHaveURL(/\/supplier\/selling$/);
  await expect(card).toContainText(/Payouts go to your Stripe account acct_\w+ as held funds are released\./);
  await expect(card.getByRole("button")).toHaveCount(0);
});
