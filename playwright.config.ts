import { defineConfig } from "@playwright/test";
import { E2E_DATA_DIR, E2E_PORT } from "./e2e/fixtures/env";

/**
 * End-to-end journeys against the production build (`npm run build` first), served by the same
 * start script as `npm start`, on a fresh data directory, in Debian's Chromium.
 */
export default defineConfig({
  testDir: "./e2e",
  // Long journeys (three rounds, evidence, passages) take 1-1.6 min on a quiet 2-core machine; the
  // limit leaves room for a busy one while still ending a hung test.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : 3,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && npx tsx scripts/start.ts`,
    url: `http://localhost:${E2E_PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "ignore",
    stderr: "pipe",
    env: { PORT: String(E2E_PORT), DATA_DIR: E2E_DATA_DIR, AUTH_SECRET: "e2e-secret-not-for-production-use-0123456789" },
  },
});
