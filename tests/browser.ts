/**
 * Headless Debian Chromium for the tests that render pages (the PRISMA SVG, the selector).
 * playwright-core drives it; its own browser download cannot run without the network, so the
 * executable is Debian's (`.ci/run` installs it when missing). The flags keep Chromium from
 * reaching for Google's hosts, which this machine's closed network refuses. Playwright gives each
 * launch a fresh temporary profile of its own.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function chromiumPath(): string {
  const found = CANDIDATES.find((p): p is string => typeof p === "string" && p !== "" && existsSync(p));
  if (found === undefined) {
    throw new Error("Chromium not found: install Debian's chromium (`.ci/run` does) or set CHROMIUM_PATH");
  }
  return found;
}

export interface HeadlessBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<HeadlessBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}
