export function electronBinary(): string | null;
export const electronPackageDir: string;
