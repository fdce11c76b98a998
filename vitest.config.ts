import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: 'reports/vitest.json' }]] : ['default'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/unit/{core,main,cli,lint}/**/*.test.ts'],
          environment: 'node',
          // The layering test runs ESLint over real files: seconds on a loaded 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'renderer',
          include: ['tests/unit/renderer/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['tests/unit/renderer/setup.ts'],
          // fake-indexeddb writing thousands of validated records is slow on a loaded 2-core
          // machine; this bounds a test, it is not a wait.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
