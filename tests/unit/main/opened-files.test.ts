import { describe, expect, it } from 'vitest';
import { projectPathsIn } from '../../../main/opened-files';

describe('project files handed over on the command line', () => {
  it('keeps .gloss paths (any case, with spaces) and drops the executable, the entry script and switches', () => {
    const argv = [
      '/opt/Gloss/gloss',
      '/opt/Gloss/resources/app.asar/out/main/index.js',
      '--no-sandbox',
      '--allow-file-access-from-files=yes.gloss',
      '/home/dana/Shared work/Kharkiv review.gloss',
      'C:\\Users\\Bea\\Desktop\\TEAM.GLOSS',
      '/home/dana/notes.txt',
      '/home/dana/archive.gloss.zip',
    ];
    expect(projectPathsIn(argv)).toEqual([
      '/home/dana/Shared work/Kharkiv review.gloss',
      'C:\\Users\\Bea\\Desktop\\TEAM.GLOSS',
    ]);
  });

  it('finds nothing when nothing was opened', () => {
    expect(projectPathsIn(['/opt/Gloss/gloss', '.'])).toEqual([]);
  });
});
