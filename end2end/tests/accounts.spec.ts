import { expect, test } from "@playwright/test";
import { PASSWORD, enterSignInCode, invitationLink, logIn, logInAsAdmin, logOut, mailedLink, sendSignUp, signUp, totp, uniqueEmail } from "./helpers";

test("a supplier signs up, sees their company, signs out and back in", async ({ page }) => {
  const email = uniqueEmail("supplier");
  await signUp(page, { kind: "supplier", company: "Bright Looms GmbH", name: "Lena Weber", email });

  await expect(page.getByRole("status")).toContainText("Your account and company are ready.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Lena");
  const company = page.locator("section", { has: page.getByRole("heading", { name: "Your company" }) });
  await expect(company).toContainText("Bright Looms GmbH");
  await expect(company).toContainText("Supplier");
  await expect(company).toContainText("Owner");

  // Suppliers get a public profile.
  await company.getByRole("link", { name: "Public storefront" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bright Looms GmbH");

  await logOut(page);
  await expect(page.locator(".site-header").getByRole("link", { name: "Sign in" })).toBeVisible();

  await logIn(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.locator(".account-name")).toHaveText("Lena");
});

test("a buyer signs up and the header shows their account", async ({ page }) => {
  const email = uniqueEmail("buyer");
  await signUp(page, { kind: "buyer", company: "Harbour Hotels Ltd", name: "Tom Reid", email });
  const company = page.locator("section", { has: page.getByRole("heading", { name: "Your company" }) });
  await expect(company).toContainText("Buyer");
  await expect(company.getByRole("link", { name: "Public storefront" })).toHaveCount(0);
  await page.locator("summary.account-summary").click();
  await expect(page.locator(".menu-heading")).toContainText("Harbour Hotels Ltd");
});

test("an owner invites a teammate who joins through the emailed link", async ({ page, browser }) => {
  const ownerEmail = uniqueEmail("owner");
  const mateEmail = uniqueEmail("mate");
  await signUp(page, { kind: "supplier", company: "Team Test Textiles", name: "Olga Owner", email: ownerEmail });

  await page.goto("/account/team");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Team Test Textiles");
  await page.getByLabel("Email address").fill(mateEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText("Invitation sent");
  await expect(page.locator("table", { hasText: mateEmail })).toBeVisible();

  const link = await invitationLink(browser, mateEmail);
  const mateContext = await browser.newContext();
  const mate = await mateContext.newPage();
  await mate.goto(link);
  await expect(mate.getByRole("heading", { level: 1 })).toHaveText("Join Team Test Textiles");
  await mate.getByLabel("Your full name").fill("Mia Mate");
  await mate.getByLabel("Choose a password").fill(PASSWORD);
  await mate.getByRole("button", { name: "Join Team Test Textiles" }).click();
  await expect(mate).toHaveURL(/\/account\?notice=joined$/);
  await expect(mate.getByRole("status")).toContainText("You have joined the team.");
  const company = mate.locator("section", { has: mate.getByRole("heading", { name: "Your company" }) });
  await expect(company).toContainText("Team Test Textiles");
  await expect(company).toContainText("Member");

  // The link is spent.
  await mate.goto(link);
  await expect(mate.getByRole("status")).toContainText("already been accepted");
  await mateContext.close();

  await page.goto("/account/team");
  const members = page.locator("table").first();
  await expect(members).toContainText("Mia Mate");
  await expect(members).toContainText("Olga Owner");
  await expect(page.getByText("No open invitations.")).toBeVisible();
});

test("bad sign-up input is explained beside each field and nothing is created", async ({ page }) => {
  await page.goto("/signup");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Please correct the highlighted fields.");
  for (const label of ["Company name", "Your full name", "Work email", "Password"]) {
    await expect(page.getByLabel(label)).toHaveAttribute("aria-invalid", "true");
  }
  await expect(page.locator("#company_name-error")).toHaveText("This field is required.");
  await expect(page.locator("#country-error")).toHaveText("Choose a country from the list.");
  await expect(page.locator("#account_type-error")).toHaveText("Choose whether your company buys, sells, or both.");

  const email = uniqueEmail("typo");
  await page.getByLabel("I want to buy").check();
  await page.getByLabel("Company name").fill("Typo Traders");
  await page.getByLabel("Country").selectOption({ label: "France" });
  await page.getByLabel("Your full name").fill("x".repeat(101));
  await page.getByLabel("Work email").fill("typo-traders.example");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter an email address like name@company.com.");
  // The field stops typing at its limit (the server also refuses longer names).
  await expect(page.getByLabel("Your full name")).toHaveValue("x".repeat(100));
  await expect(page.locator("#name-error")).toHaveCount(0);
  await expect(page.locator("#password-error")).toHaveText("Use at least 10 characters.");
  // What was typed is still there (the password is never sent back).
  await expect(page.getByLabel("Company name")).toHaveValue("Typo Traders");
  await expect(page.getByLabel("Work email")).toHaveValue("typo-traders.example");
  await expect(page.getByLabel("Password")).toHaveValue("");

  // Nothing was created: those details cannot sign in.
  await logIn(page, email, "short");
  await expect(page.getByRole("alert")).toContainText("That email and password do not match an account.");
});

test("a sign-up with a taken address looks like any other, and a wrong password gets a clear message", async ({ page, browser }) => {
  const email = uniqueEmail("dup");
  await signUp(page, { kind: "buyer", company: "Dup Co", name: "Dana Dup", email });
  await logOut(page);

  await sendSignUp(page, { kind: "supplier", company: "Dup Again", name: "Dana Again", email: email.toUpperCase() });
  // The page cannot tell a stranger the address has an account; its owner is mailed instead.
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  const admin = await (await browser.newContext()).newPage();
  await logInAsAdmin(admin);
  await admin.goto("/admin/outbox");
  await expect(admin.locator("li.mail", { hasText: email }).first()).toContainText("Someone tried to sign up with your address");

  await logIn(page, email, "not the password");
  await expect(page.getByRole("alert")).toContainText("That email and password do not match an account.");
  await expect(page.getByLabel("Work email")).toHaveValue(email);
  await logIn(page, email);
  await expect(page).toHaveURL(/\/account$/);
});

test("members-only pages send visitors to sign in and back", async ({ page }) => {
  const email = uniqueEmail("back");
  await signUp(page, { kind: "buyer", company: "Return Co", name: "Rita Return", email });
  await logOut(page);
  await page.goto("/account/team");
  await expect(page).toHaveURL(/\/login\?next=\/account\/team$/);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account\/team$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Return Co");
});

test("changing the password works and needs the current one", async ({ page }) => {
  const email = uniqueEmail("pw");
  await signUp(page, { kind: "buyer", company: "Password Co", name: "Paul Word", email });
  await page.goto("/account/password");
  await page.getByLabel("Current password").fill("wrong wrong wrong");
  await page.getByLabel("New password", { exact: true }).fill("a new long password");
  await page.getByLabel("Repeat the new password").fill("a new long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#current_password-error")).toHaveText("That is not your current password.");

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("a new long password");
  await page.getByLabel("Repeat the new password").fill("a new long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed.");

  await logOut(page);
  await logIn(page, email, "a new long password");
  await expect(page).toHaveURL(/\/account$/);
});

test("a person who forgot their password resets it through the mailed link", async ({ page, browser }) => {
  const email = uniqueEmail("forgot");
  await signUp(page, { kind: "buyer", company: "Forgetful Co", name: "Fay Forget", email });
  await logOut(page);

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Send the reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If that address has a Caravan account, a reset link is on its way.");

  const link = await mailedLink(browser, email, "reset-password");
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill("a brand new secret");
  await page.getByLabel("Repeat the new password").fill("a different secret");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.locator("#confirm_password-error")).toHaveText("The two new passwords do not match.");
  await page.getByLabel("New password", { exact: true }).fill("a brand new secret");
  await page.getByLabel("Repeat the new password").fill("a brand new secret");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/login\?notice=password_reset$/);
  await expect(page.getByRole("status")).toContainText("Your password has been reset");

  await logIn(page, email, PASSWORD);
  await expect(page.getByRole("alert")).toContainText("That email and password do not match an account.");
  await logIn(page, email, "a brand new secret");
  await expect(page).toHaveURL(/\/account$/);
  // The link worked once.
  await page.goto(link);
  await expect(page.getByRole("alert")).toContainText("expired or was already used");
});

test("a person turns on two-factor sign-in and signs in with the app's code or a recovery code", async ({ page }) => {
  const email = uniqueEmail("twofactor");
  await signUp(page, { kind: "buyer", company: "Two Step Ltd", name: "Tess Step", email });
  await page.getByRole("link", { name: "Two-factor sign-in: off" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("two-factor-key").innerText()).replace(/\s/g, "");

  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.locator("#code-error")).toContainText("That code does not work");
  await page.getByLabel("Code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("status")).toContainText("Two-factor sign-in is on.");
  const codes = await page.getByTestId("recovery-codes").locator("li").allInnerTexts();
  expect(codes).toHaveLength(10);
  // Shown once only.
  await page.reload();
  await expect(page.getByTestId("recovery-codes")).toHaveCount(0);
  await expect(page.getByText("10 of 10 recovery codes unused.")).toBeVisible();

  await logOut(page);
  await logIn(page, email);
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await expect(page.getByRole("heading", { name: "Enter your sign-in code" })).toBeVisible();
  // The password alone opens nothing.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=\/account$/);
  await page.goto("/login/two-factor");
  await page.getByLabel("Code", { exact: true }).fill("123456");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#code-error")).toContainText("That code does not work");
  await enterSignInCode(page, secret);
  await expect(page).toHaveURL(/\/account$/);

  await logOut(page);
  await logIn(page, email);
  await page.getByLabel("Code", { exact: true }).fill(codes[0]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/account/two-factor");
  await expect(page.getByText("9 of 10 recovery codes unused.")).toBeVisible();
});
