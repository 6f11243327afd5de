// Temporary: screenshots of the new pages at 390 and 1280 wide (not part of the project).
import { chromium } from "@playwright/test";
import { createHmac } from "node:crypto";
const base = process.env.BASE;
function totp(secret, at = Date.now() / 1000) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bits = [...secret.replace(/[\s=]/g, "").toUpperCase()].map((c) => alphabet.indexOf(c).toString(2).padStart(5, "0")).join("");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8); counter.writeBigUInt64BE(BigInt(Math.floor(at / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const o = mac[mac.length - 1] & 15;
  return ((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).toString().padStart(6, "0");
}
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
for (const width of [390, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, baseURL: base });
  const shot = (name) => page.screenshot({ path: `/tmp/shots/${name}-${width}.png`, fullPage: true });
  await page.goto("/login");
  await page.getByLabel("Work email").fill("li.wei@huayu-textiles.example");
  await page.getByLabel("Password").fill("caravan-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/(account|login\/two-factor)/);
  if (page.url().includes("two-factor")) {
    await shot("login-two-factor");
    for (let i = 0; i < 3 && page.url().includes("two-factor"); i++) {
      await page.getByLabel("Code", { exact: true }).fill(totp(process.env.SECRET, Date.now() / 1000 + 30 * i));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForLoadState();
    }
  }
  await page.goto("/account");
  await shot("account");
  await page.goto("/account/two-factor");
  if (await page.getByRole("button", { name: "Set up two-factor sign-in" }).count()) {
    await shot("two-factor-off");
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await shot("two-factor-setup");
    const secret = (await page.getByTestId("two-factor-key").innerText()).replace(/\s/g, "");
    process.env.SECRET = secret;
    await page.getByLabel("Code from the app").fill(totp(secret));
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await shot("two-factor-codes");
  } else {
    await shot("two-factor-on");
  }
  await page.goto("/account/email");
  await shot("email-change");
  await page.goto("/supplier/orders");
  await shot("supplier-orders");
  await page.goto("/messages");
  await shot("inbox");
  await page.close();
  const anon = await browser.newPage({ viewport: { width, height: 900 }, baseURL: base });
  await anon.goto("/forgot-password");
  await anon.screenshot({ path: `/tmp/shots/forgot-${width}.png`, fullPage: true });
  await anon.close();
}
await browser.close();
