// electron-builder's `afterPack` hook (build/electron-builder.yml): flips Electron's fuses in the
// packaged binary with @electron/fuses, before the app is signed. Fuses are compiled-in switches
// that no command-line flag or environment variable can turn back on.
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import { join } from 'node:path';

/**
 * The fuses Gloss ships with. Every fuse of the wire is set explicitly
 * (`strictlyRequireAllFuses`), so that an Electron upgrade that adds one fails the packaging
 * until someone decides its value.
 */
export const GLOSS_FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // The binary is never a plain Node.js (ELECTRON_RUN_AS_NODE is ignored).
  [FuseV1Options.RunAsNode]: false,
  // Cookies and other secrets in the profile are encrypted with the OS keychain.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect… cannot inject code or open a debugger into the app.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Only the packaged app.asar is loaded, never a loose app folder dropped next to it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Needs the asar integrity electron-builder embeds on macOS and Windows only; left off so that
  // the Linux build starts. OnlyLoadAppFromAsar above still applies everywhere.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: false,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is a file:// page (its origin keeps the IndexedDB library); main/index.ts serves
  // file: requests from the renderer folder only.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
  [FuseV1Options.WasmTrapHandlers]: true,
};

/** The Electron binary electron-builder packed, per platform. */
export function packedBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const product = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return join(appOutDir, `${product}.app`);
  }
  if (electronPlatformName === 'win32') return join(appOutDir, `${product}.exe`);
  return join(appOutDir, packager.executableName ?? product.toLowerCase());
}

/** electron-builder calls this after packing each platform and architecture. */
export default async function afterPack(context) {
  await flipFuses(packedBinary(context), {
    ...GLOSS_FUSES,
    // An arm64 (or universal) macOS binary must be re-signed ad hoc after its bytes change.
    resetAdHocDarwinSignature:
      context.electronPlatformName === 'darwin' && (context.arch === 3 || context.arch === 4),
  });
}
