/** A compact length: `17,148 chars` → `17k chars`. */
export function formatChars(chars: number): string {
  return chars >= 10_000 ? `${Math.round(chars / 1000)}k chars` : `${chars.toLocaleString()} chars`;
}
