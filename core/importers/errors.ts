import { escapeControls } from '../text/escape-controls';

/**
 * Why an import was refused; each code has a message the UI can show as is. `not-article` is a
 * file that is no article at all (a script, a style sheet, an image, a font…): skipped, not failed.
 */
export type ImportErrorCode = 'empty' | 'binary' | 'too-large' | 'encoding' | 'unsupported' | 'not-article';

/** An import refused for a reason the user can act on; its message holds no control character. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    readonly fileName = '',
  ) {
    super(escapeControls(message));
  }
}
