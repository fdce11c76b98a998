import { z } from 'zod';
import { MENU_COMMANDS, type InvokeChannel, type MenuCommand } from './channels';

/**
 * The IPC contract between the renderer and the main process. The preload exposes exactly
 * these methods as `window.gloss`; the main process validates every argument against the
 * schemas here before it acts.
 */

export const FileFilterSchema = z.strictObject({
  name: z.string().min(1).max(100),
  extensions: z
    .array(z.string().regex(/^(\*|[a-z0-9]{1,10})$/i))
    .min(1)
    .max(30),
});
export type FileFilter = z.infer<typeof FileFilterSchema>;

export const PickFilesArgsSchema = z.strictObject({
  title: z.string().max(200).optional(),
  filters: z.array(FileFilterSchema).max(10).optional(),
  multiple: z.boolean(),
  /** Also allow picking folders; their files are read recursively. */
  folders: z.boolean().optional(),
});
export type PickFilesArgs = z.infer<typeof PickFilesArgsSchema>;

export const PickedFileSchema = z.strictObject({
  name: z.string(),
  bytes: z.instanceof(Uint8Array),
});
export type PickedFile = z.infer<typeof PickedFileSchema>;

/** A picked file that could not be read, reported next to the ones that could. */
export const UnreadFileSchema = z.strictObject({ name: z.string(), reason: z.string() });
export type UnreadFile = z.infer<typeof UnreadFileSchema>;

export const PickFilesResultSchema = z.strictObject({
  canceled: z.boolean(),
  files: z.array(PickedFileSchema),
  unread: z.array(UnreadFileSchema),
});
export type PickFilesResult = z.infer<typeof PickFilesResultSchema>;

export const SaveFileArgsSchema = z.strictObject({
  title: z.string().max(200).optional(),
  suggestedName: z
    .string()
    .min(1)
    .max(255)
    .refine((n) => !/[\\/]/.test(n) && n !== '.' && n !== '..', {
      message: 'a suggested name is a file name, not a path',
    }),
  filters: z.array(FileFilterSchema).max(10).optional(),
  bytes: z.instanceof(Uint8Array),
});
export type SaveFileArgs = z.infer<typeof SaveFileArgsSchema>;

export const SaveFileResultSchema = z.strictObject({
  canceled: z.boolean(),
  /** The base name the file was saved under (never the full path). */
  name: z.string().optional(),
});
export type SaveFileResult = z.infer<typeof SaveFileResultSchema>;

export const AppInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** `electron` where the host is Electron, `browser-harness` in the e2e browser host. */
  host: z.enum(['electron', 'browser-harness']),
  versions: z.record(z.string(), z.string()),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const NoArgsSchema = z.undefined();

export const MenuCommandSchema = z.enum(MENU_COMMANDS);

export const ARG_SCHEMAS = {
  'gloss:pick-files': PickFilesArgsSchema,
  'gloss:save-file': SaveFileArgsSchema,
  'gloss:app-info': NoArgsSchema,
} as const satisfies Record<InvokeChannel, z.ZodType>;

export const BRIDGE_ERROR_CODES = [
  'invalid-argument',
  'untrusted-sender',
  'unknown-channel',
  'io',
  'internal',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

/** Every invoke answers with this envelope, so errors keep their code across the process boundary. */
export type BridgeResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: BridgeErrorCode; message: string } };

/** The object the preload exposes as `window.gloss`. */
export interface GlossBridge {
  pickFiles(args: PickFilesArgs): Promise<BridgeResult<PickFilesResult>>;
  saveFile(args: SaveFileArgs): Promise<BridgeResult<SaveFileResult>>;
  appInfo(): Promise<BridgeResult<AppInfo>>;
  /** Subscribes to menu commands; returns the function that unsubscribes. */
  onMenu(listener: (command: MenuCommand) => void): () => void;
}
