import { defineConfig } from '@playwright/test';
import { electronBinary } from './scripts/electron-binary.mjs';
import type { HostName, HostOptions } from './tests/e2e/harness/fixtures';

/**
 * The same specs run in two hosts: the built renderer in Debian's Chromium with the real
 * main-process handlers bound in (always), and the real app in Electron (whenever an Electron
 * binary is installed). GLOSS_E2E_HOSTS=chromium,electron picks hosts explicitly; asking for
 * Electron without a binary is an error, never a silent skip.
 */
const requested = (process.env['GLOSS_E2E_HOSTS'] ?? '').split(',').filter(Boolean) as HostName[];
const hosts: HostName[] = requested.length
  ? requested
  : electronBinary()
    ? ['chromium', 'electron']
    : ['chromium'];
if (hosts.includes('electron') && !electronBinary()) {
  throw new Error(
    'GLOSS_E2E_HOSTS asks for Electron, but no Electron binary is installed: run `npx install-electron`.',
  );
}

export default defineConfig<HostOptions>({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env['CI'] ? [['list'], ['json', { outputFile: 'reports/playwright.json' }]] : [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: hosts.map((host) => ({ name: host, use: { host } })),
});
