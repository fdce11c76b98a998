import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeProjectFile } from '../../../core/project';
import { makeProject } from '../core/project/make-project';
import { ROOT, runCommand, runGloss } from './run-cli';

vi.setConfig({ testTimeout: 60_000 });

const BAD = join(ROOT, 'tests/fixtures/project/bad');
let dir = '';
let good = '';
let names: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-bad-'));
  good = join(dir, 'good.gloss');
  await writeFile(good, await writeProjectFile(await makeProject({ articles: 2, annotations: 4 })));
  await writeFile(join(dir, 'article.txt'), 'A short article that could be imported.\n');
  names = (await readdir(BAD)).filter((n) => n.endsWith('.gloss')).sort();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every file in `dir` with its bytes, to show that nothing was written, renamed or left behind. */
async function snapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const n of (await readdir(dir)).sort()) out.set(n, (await readFile(join(dir, n))).toString('base64'));
  return out;
}

describe('every command refuses a bad project file and changes nothing', () => {
  it('has the committed bad files', () => {
    expect(names.length).toBeGreaterThanOrEqual(18);
  });

  it('validate names the problem through the dispatcher (exit 1)', async () => {
    const r = await runGloss(['validate', join(BAD, 'zip-slip.gloss')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid \[unsafe-path\]: .*“\.\.\/\.\.\/evil\.sh”/);
    const json = await runCommand('validate', [join(BAD, 'newer-version.gloss'), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, code: 'newer-version' });
  });

  it('validate never prints a control character of a hostile entry name, text or --json', async () => {
    const file = join(BAD, 'control-chars-name.gloss');
    const r = await runGloss(['validate', file]);
    expect(r.code).toBe(1);
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      '“notes\\u0000\\u0007\\r\\n\\u001b[2Jevil.txt”, which contains control characters',
    );
    const json = await runGloss(['validate', file, '--json']);
    // eslint-disable-next-line no-control-regex
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, code: 'unsafe-path' });
  });

  it.each([
    'absolute-path.gloss',
    'bad-json.gloss',
    'deep-nesting.gloss',
    'constructor-key.gloss',
    'dangling-annotation.gloss',
    'empty.gloss',
    'escaped-proto-key.gloss',
    'hash-mismatch.gloss',
    'missing-annotations.gloss',
    'newer-version.gloss',
    'not-a-zip.gloss',
    'proto-key.gloss',
    'schema-deep.gloss',
    'truncated.gloss',
    'wrong-type.gloss',
    'zip-bomb-lying-size.gloss',
    'zip-bomb-overlap.gloss',
    'zip-slip.gloss',
    'backslash-path.gloss',
    'control-chars-name.gloss',
  ])('%s', async (name) => {
    const bad = join(dir, name);
    await copyFile(join(BAD, name), bad);
    const before = await snapshot();
    const out = join(dir, 'out.gloss');
    const runs: [string, string[]][] = [
      ['validate', [bad]],
      ['list', [bad, '--json']],
      ['merge', [bad, good, '--out', out, '--report', join(dir, 'r.json')]],
      ['merge', [good, bad, '--out', out]],
      ['agree', [good, bad]],
      ['import', [join(dir, 'article.txt'), '--project', bad]],
      ['annotate', [bad, '--article', 'x', '--quote', 'short', '--kind', 'claim']],
    ];
    for (const [command, args] of runs) {
      const r = await runCommand(command, args);
      expect(r.code, `${command} ${name}`).toBe(1);
      expect(r.stderr, `${command} ${name}`).toMatch(
        new RegExp(`${name.replace(/\./g, '\\.')}.*\\[[a-z-]+\\]`),
      );
      expect(r.stdout, `${command} ${name}`).toBe('');
    }
    expect(await snapshot()).toEqual(before);
    await rm(bad);
  });
});
