export const MIN_NODE: string;
export function olderThan(a: string, b: string): boolean;
export function nodeProblem(version: string, min?: string): string[] | null;
export function downloadFailure(stderr: string): string;
