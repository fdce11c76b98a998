/** Why a project file was refused; each code comes with a message the UI can show as is. */
export type ProjectFileErrorCode =
  | 'not-zip'
  | 'truncated'
  | 'unsupported-zip'
  | 'unsafe-path'
  | 'duplicate-entry'
  | 'too-many-entries'
  | 'too-large'
  | 'size-mismatch'
  | 'corrupt'
  | 'missing-entry'
  | 'bad-json'
  | 'too-deep'
  | 'unsafe-key'
  | 'wrong-type'
  | 'newer-version'
  | 'schema';

import { escapeControls } from '../text/escape-controls';

/**
 * A project file that cannot be read (or a document that cannot be written), and why. The
 * message quotes names from the file (entries, ids), so its control characters are escaped
 * (`\u0000`, `\n`…): printed on a terminal or shown in the app it stays one harmless line.
 */
export class ProjectFileError extends Error {
  override readonly name = 'ProjectFileError';
  constructor(
    readonly code: ProjectFileErrorCode,
    message: string,
  ) {
    super(escapeControls(message));
  }
}
