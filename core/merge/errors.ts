/**
 * Thrown when a merge cannot go ahead: a conflict without a resolution, or a file whose time lies
 * too far after this computer's clock. The message is for the user.
 */
export class MergeError extends Error {
  override readonly name = 'MergeError';
}
