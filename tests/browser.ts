/**
 * Headless Debian Chromium for the tests that render pages (the PRISMA SVG, the selector).
 * playwright-core drives it; its own browser download cannot run without the network, so the
 * executable is Debian's (`.ci/run` installs it when missing; `npm test` stops at once, with the
 * command that installs it, when there is none). The flags keep Chromium from
 * reaching for Google's hosts, which this machine's closed network refuses. Playwright gives each
 * launch a fresh temporary profile of its own.
 */
import { chromium, type Browser } from "playwright-core";
import { findChromium, missingChromiumMessage } from "../scripts/find-chromium.mjs";

/** The same search `npm test` runs first (scripts/find-chromium.mjs), so both agree. */
export function chromiumPath(): string {
  const found = findChromium();
  if (found === null) throw new Error(missingChromiumMessage());
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
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}
