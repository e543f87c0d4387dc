import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Hang guards only, never a speed test: a whole pipeline run (some tests and beforeAll hooks
    // do one) must pass with both cores busy, so the limits are far above its usual few seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
