import { defineConfig } from "@playwright/test";

const port = process.env.E2E_PORT ?? "3100";
const baseURL = `http://127.0.0.1:${port}`;
/** A second server that pays through Stripe (localstripe), for the card element's tests. */
const stripePort = String(Number(port) + 1);
const stripe = process.env.CARAVAN_TEST_STRIPE_API;

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      // The system Chromium; Playwright's own browser download is not available here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "javascript-on", use: { javaScriptEnabled: true } },
    { name: "javascript-off", use: { javaScriptEnabled: false } },
  ],
  webServer: [
    {
      command: "../scripts/e2e-server",
      url: `${baseURL}/healthz`,
      env: { CARAVAN_ADDR: `127.0.0.1:${port}` },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    ...(stripe
      ? [
          {
            command: "../scripts/e2e-server",
            url: `http://127.0.0.1:${stripePort}/healthz`,
            env: { CARAVAN_ADDR: `127.0.0.1:${stripePort}`, CARAVAN_PAYMENTS: "stripe", CARAVAN_TEST_STRIPE_API: stripe },
            reuseExistingServer: false,
            timeout: 120_000,
            stdout: "ignore" as const,
            stderr: "pipe" as const,
          },
        ]
      : []),
  ],
});
