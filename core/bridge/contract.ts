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

/**
 * What a pick is for, which sets what the main process reads: `articles` (the default) reads
 * files up to the import limit and folders recursively; `project` reads one file up to the
 * project-file limit and never a folder.
 */
export const PickPurposeSchema = z.enum(['articles', 'project']);
export type PickPurpose = z.infer<typeof PickPurposeSchema>;

export const PickFilesArgsSchema = z.strictObject({
  title: z.string().max(200).optional(),
  filters: z.array(FileFilterSchema).max(10).optional(),
  multiple: z.boolean(),
  /** Also allow picking folders; their files are read recursively. */
  folders: z.boolean().optional(),
  purpose: PickPurposeSchema.optional(),
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

/** The largest backup the main process accepts (a whole project, originals included). */
export const MAX_BACKUP_BYTES = 1024 * 1024 * 1024;

/**
 * A backup's file name: `gloss-backup-<UTC time>-a<articles>-n<annotations>.gloss`. The counts
 * live in the name so that the list can show them without opening every file.
 */
export const BACKUP_NAME_PATTERN =
  /^gloss-backup-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-a(\d{1,9})-n(\d{1,9})\.gloss$/;

export const WriteBackupArgsSchema = z.strictObject({
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength > 0 && b.byteLength <= MAX_BACKUP_BYTES, {
    message: `a backup is between 1 byte and ${MAX_BACKUP_BYTES} bytes`,
  }),
  articles: z.number().int().min(0).max(999_999_999),
  annotations: z.number().int().min(0).max(999_999_999),
});
export type WriteBackupArgs = z.infer<typeof WriteBackupArgsSchema>;

/** One backup file as Help > Restore from backup… lists it. */
export const BackupInfoSchema = z.strictObject({
  name: z.string().regex(BACKUP_NAME_PATTERN),
  /** When it was written (ISO 8601, UTC). */
  createdAt: z.string(),
  size: z.number().int().min(0),
  articles: z.number().int().min(0),
  annotations: z.number().int().min(0),
});
export type BackupInfo = z.infer<typeof BackupInfoSchema>;

export const ReadBackupArgsSchema = z.strictObject({ name: z.string().regex(BACKUP_NAME_PATTERN) });
export type ReadBackupArgs = z.infer<typeof ReadBackupArgsSchema>;

/** The bytes of one backup. */
export const BackupFileSchema = z.strictObject({ name: z.string(), bytes: z.instanceof(Uint8Array) });
export type BackupFile = z.infer<typeof BackupFileSchema>;

export const MenuCommandSchema = z.enum(MENU_COMMANDS);

export const ARG_SCHEMAS = {
  'gloss:pick-files': PickFilesArgsSchema,
  'gloss:save-file': SaveFileArgsSchema,
  'gloss:app-info': NoArgsSchema,
  'gloss:write-backup': WriteBackupArgsSchema,
  'gloss:list-backups': NoArgsSchema,
  'gloss:read-backup': ReadBackupArgsSchema,
  'gloss:take-opened-files': NoArgsSchema,
  'gloss:ready-to-quit': NoArgsSchema,
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
  /** Writes a rotating backup project file into the app's own folder (newest first in the list). */
  writeBackup(args: WriteBackupArgs): Promise<BridgeResult<BackupInfo>>;
  /** The backups kept, newest first. */
  listBackups(): Promise<BridgeResult<BackupInfo[]>>;
  readBackup(args: ReadBackupArgs): Promise<BridgeResult<BackupFile>>;
  /** Project files the operating system asked Gloss to open, each handed over once. */
  takeOpenedFiles(): Promise<BridgeResult<PickFilesResult>>;
  /** Answers `before-quit`: the last backup is written (or was not needed); the window may close. */
  readyToQuit(): Promise<BridgeResult<void>>;
  /** Subscribes to menu commands; returns the function that unsubscribes. */
  onMenu(listener: (command: MenuCommand) => void): () => void;
}
