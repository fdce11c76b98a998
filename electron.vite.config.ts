import react from '@vitejs/plugin-react';
import { nodePolyfills } from 'vite-plugin-node-polyfills';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY, pinScripts } from './main/security';

/** Puts the Content-Security-Policy into index.html; the dev server needs inline React refresh code. */
function contentSecurityPolicy(): Plugin {
  let dev = false;
  return {
    name: 'gloss-csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml() {
      const policy = dev
        ? CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
            .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            .replace("connect-src 'self'", "connect-src 'self' ws:")
        : CONTENT_SECURITY_POLICY;
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
          injectTo: 'head-prepend',
        },
      ];
    },
    // Once the files are on disk, the built page's scripts are pinned by the hashes of those very
    // bytes (an inline loader admitted by its hash, the entry by its `integrity`): see pinScripts.
    writeBundle(options) {
      if (dev || !options.dir) return;
      const dir = options.dir;
      const page = join(dir, 'index.html');
      writeFileSync(
        page,
        pinScripts(readFileSync(page, 'utf8'), (src) => readFileSync(join(dir, src))),
      );
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    // Node's modules resolve to their browser versions (only the sync worker's PouchDB memory
    // adapter uses them; no Node global is added to the window's scripts).
    plugins: [
      react(),
      contentSecurityPolicy(),
      nodePolyfills({ globals: { Buffer: false, global: false, process: false } }),
    ],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified; minified, the start-up bundle is parsed and
      // compiled in a fraction of the time (2.7 MB of code before).
      minify: !process.env.GLOSS_BUILD_UNMINIFIED,
      sourcemap: !!process.env.GLOSS_BUILD_UNMINIFIED,
      // No module preloads: the page's scripts are pinned by hash with 'strict-dynamic' (see
      // pinScripts), which trusts the scripts the app's code adds, not preload links. The
      // chunks load from the local disk.
      modulePreload: false,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
    worker: { format: 'es' },
  },
});
