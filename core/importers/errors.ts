/** Why an import was refused; each code has a message the UI can show as is. */
export type ImportErrorCode = 'empty' | 'binary' | 'too-large' | 'encoding' | 'unsupported';

/** An import refused for a reason the user can act on. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    readonly fileName = '',
  ) {
    super(message);
  }
}
