import type { FuseV1Config } from '@electron/fuses';

/** What electron-builder hands an `afterPack` hook (the part build/fuses.mjs reads). */
export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

export const GLOSS_FUSES: FuseV1Config;
export function packedBinary(context: AfterPackContext): string;
export default function afterPack(context: AfterPackContext): Promise<void>;
