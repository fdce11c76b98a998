// jsonld ships no types; the tests use only `expand`.
declare module 'jsonld' {
  interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  interface ExpandOptions {
    documentLoader?: (url: string) => Promise<RemoteDocument>;
    /** Fail instead of silently dropping terms the context does not define. */
    safe?: boolean;
  }
  const jsonld: {
    expand(input: unknown, options?: ExpandOptions): Promise<Record<string, unknown>[]>;
  };
  export default jsonld;
}
