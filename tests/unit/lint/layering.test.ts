import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering table of ARCHITECTURE.md is enforced by ESLint: these cases lint source text as
 * if it lived at a given path and expect the wrong imports, and only those, to fail.
 */
const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function errors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering', () => {
  it.each([
    ['core/x.ts', "import { app } from 'electron';\nexport const a = app;\n", /no Electron/],
    [
      'core/x.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      /no Node-only APIs/,
    ],
    ['core/x.ts', "import { Dexie } from 'dexie';\nexport const d = Dexie;\n", /storage belongs/],
    ['core/x.ts', "import { db } from '../renderer/src/db';\nexport const d = db;\n", /npm libraries only/],
    [
      'renderer/src/x.ts',
      "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n",
      /no Electron or Node/,
    ],
    [
      'renderer/src/x.ts',
      "import { createHandlers } from '../../main/ipc/handlers';\nexport const c = createHandlers;\n",
      /core\/ and browser APIs only/,
    ],
    ['preload/x.ts', "import { z } from 'zod';\nexport const s = z;\n", /core\/bridge and electron only/],
    [
      'main/x.ts',
      "import { App } from '../renderer/src/app/App';\nexport const a = App;\n",
      /core\/, electron and node only/,
    ],
    ['cli/x.ts', "import { Dexie } from 'dexie';\nexport const d = Dexie;\n", /no Electron, Dexie or UI/],
  ])('%s: %s is refused', async (path, code, message) => {
    const found = await errors(path, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it.each([
    ['core/x.ts', "import { z } from 'zod';\nexport const s = z;\n"],
    [
      'renderer/src/x.ts',
      "import { ArticleSchema } from '../../core/model';\nexport const s = ArticleSchema;\n",
    ],
    [
      'main/x.ts',
      "import { app } from 'electron';\nimport { join } from 'node:path';\nexport const a = [app, join];\n",
    ],
    ['cli/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
  ])('%s: allowed imports pass', async (path, code) => {
    expect(await errors(path, code)).toEqual([]);
  });

  it('keeps window.gloss inside renderer/src/platform', async () => {
    const code = 'export const g = window.gloss;\n';
    const [outside] = await eslint.lintText(code, { filePath: resolve(root, 'renderer/src/features/x.ts') });
    expect(outside?.messages.map((m) => m.message)).toEqual([
      expect.stringMatching(/renderer\/src\/platform/),
    ]);
    const [inside] = await eslint.lintText(code, { filePath: resolve(root, 'renderer/src/platform/x.ts') });
    expect(inside?.messages).toEqual([]);
  });
});
