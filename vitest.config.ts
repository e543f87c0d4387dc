import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Test files share their worker's module cache: src/ is imported once per worker instead of
    // once per file (half the suite's CPU time). So a test leaves no global state behind: it
    // restores process.env, and nothing uses vi.mock or fake timers.
    isolate: false,
    // Hang guards only, never a speed test: a whole pipeline run (some tests and beforeAll hooks
    // do one) must pass with both cores busy, so the limits are far above its usual few seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
