/** Characters gathered before a piece of a streamed export is handed out. */
export const PIECE_CHARS = 1 << 20;

/**
 * Gathers the small strings a streamed exporter writes into pieces of about
 * {@link PIECE_CHARS} characters: {@link Pieces.push} hands a piece out once the gathered text
 * passes that size, {@link Pieces.rest} whatever is left at the end. Shared by every streamed
 * text export (JSON, W3C JSON-LD, Markdown, HTML), so that none is ever one string.
 */
export class Pieces {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly limit = PIECE_CHARS) {}

  /** Adds `text`; returns a piece when enough has gathered, else null. */
  push(text: string): string | null {
    this.parts.push(text);
    this.size += text.length;
    return this.size < this.limit ? null : this.rest();
  }

  /** What has gathered and not been handed out (possibly ''). */
  rest(): string {
    const piece = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return piece;
  }
}
