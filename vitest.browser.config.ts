import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: cards rendered in headless Chromium, and the bot driven through the Agents Playground. */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    // One browser at a time: the machine is small and the playground binds ports.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
