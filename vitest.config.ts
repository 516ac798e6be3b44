import { defineConfig } from "vitest/config";

// Three kinds of tests (DESIGN.md §8). Live tests touch the real kernel as root, so they run one file
// at a time: probes attached by one test must not see the triggers of another.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { test: { name: "golden", include: ["test/golden/**/*.test.ts"] } },
      {
        test: {
          name: "live",
          include: ["test/live/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
