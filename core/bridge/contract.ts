import { z } from 'zod';
import {
  BRIDGE_METHODS,
  MENU_COMMANDS,
  type ChannelOf,
  type InvokeMethod,
  type MenuCommand,
} from './channels';

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

/**
 * A picked file that could not be read, reported next to the ones that could; `skipped` when it
 * was left out on purpose (a saved web page's companion folder), which is not a failure.
 */
export const UnreadFileSchema = z.strictObject({
  name: z.string(),
  reason: z.string(),
  skipped: z.boolean().optional(),
});
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

/**
 * A file written in pieces (a large export): `beginSave` shows the save dialog and opens a
 * temporary file beside the chosen one; `writeSave` appends the next piece; `endSave` either
 * flushes the file and renames it over the chosen one, or drops it. The renderer names the
 * file only by the id `beginSave` gave it, never by a path.
 */
export const BeginSaveArgsSchema = SaveFileArgsSchema.omit({ bytes: true });
export type BeginSaveArgs = z.infer<typeof BeginSaveArgsSchema>;

export const BeginSaveResultSchema = z.strictObject({
  canceled: z.boolean(),
  /** Names the open save in `writeSave` and `endSave`. */
  id: z.string().optional(),
  /** The base name the file will be saved under (never the full path). */
  name: z.string().optional(),
});
export type BeginSaveResult = z.infer<typeof BeginSaveResultSchema>;

/** The largest piece `writeSave` takes at once. */
export const MAX_SAVE_PIECE_BYTES = 64 * 1024 * 1024;

const SaveIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, { message: 'not a save id' });

export const WriteSaveArgsSchema = z.strictObject({
  id: SaveIdSchema,
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_SAVE_PIECE_BYTES, {
    message: `a piece is at most ${MAX_SAVE_PIECE_BYTES} bytes`,
  }),
});
export type WriteSaveArgs = z.infer<typeof WriteSaveArgsSchema>;

export const EndSaveArgsSchema = z.strictObject({
  id: SaveIdSchema,
  /** True: keep the file (flush, rename over the target); false: drop it, the target unchanged. */
  commit: z.boolean(),
});
export type EndSaveArgs = z.infer<typeof EndSaveArgsSchema>;

export const EndSaveResultSchema = z.strictObject({
  /** The base name saved under, when committed. */
  name: z.string().optional(),
  /** Bytes written. */
  size: z.number().int().min(0),
});
export type EndSaveResult = z.infer<typeof EndSaveResultSchema>;

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

/** The team database Gloss syncs with (File › Team Sync…); the password is never part of it. */
export const SyncSettingsSchema = z.strictObject({
  /** The database URL, e.g. `https://couch.example.org/ukraine-2025`, without credentials. */
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .refine((u) => !new URL(u).username && !new URL(u).password, {
      message: 'the address may not hold a user name or password',
    }),
  user: z.string().min(1).max(200),
  mode: z.enum(['live', 'manual']),
  /**
   * Where the password is kept: the system keyring (the default), or `session`: in the main
   * process's memory until Gloss quits, settings and password alike (a system without a keyring).
   */
  remember: z.enum(['keyring', 'session']).optional(),
});
export type SyncSettings = z.infer<typeof SyncSettingsSchema>;

export const SyncTestArgsSchema = SyncSettingsSchema.omit({ mode: true, remember: true }).extend({
  password: z.string().max(1000),
});
export type SyncTestArgs = z.infer<typeof SyncTestArgsSchema>;

/** Why the team database could not be reached or used, in words a user can act on. */
export const SyncFailureSchema = z.strictObject({
  code: z.enum(['auth', 'forbidden', 'no-database', 'unreachable', 'dns', 'tls', 'timeout', 'server']),
  message: z.string(),
});

export const SyncTestResultSchema = z.strictObject({
  ok: z.boolean(),
  failure: SyncFailureSchema.optional(),
});
export type SyncTestResult = z.infer<typeof SyncTestResultSchema>;

/** Whether the system offers a keyring that keeps a password safely (Linux: not `basic_text`). */
export const SyncKeyringSchema = z.strictObject({ available: z.boolean() });
export type SyncKeyring = z.infer<typeof SyncKeyringSchema>;

/** Saves settings; without `password` the saved one is kept (e.g. switching live / manual). */
export const SyncSaveArgsSchema = SyncSettingsSchema.extend({ password: z.string().max(1000).optional() });
export type SyncSaveArgs = z.infer<typeof SyncSaveArgsSchema>;

const HeaderListSchema = z.array(z.tuple([z.string().max(200), z.string().max(8000)])).max(100);

/** A request of the replica's PouchDB to the team database (`fetch`, as it crosses the bridge). */
export const SyncFetchArgsSchema = z.strictObject({
  url: z.string().max(8000),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']),
  headers: HeaderListSchema,
  body: z
    .string()
    .max(256 * 1024 * 1024)
    .optional(),
});
export type SyncFetchArgs = z.infer<typeof SyncFetchArgsSchema>;

/** The answer; `failure` (and status 0) when no answer came (network, TLS, no credentials saved). */
export const SyncFetchResultSchema = z.strictObject({
  status: z.number().int().min(0).max(999),
  headers: HeaderListSchema,
  body: z.string(),
  failure: SyncFailureSchema.optional(),
});
export type SyncFetchResult = z.infer<typeof SyncFetchResultSchema>;

export const MenuCommandSchema = z.enum(MENU_COMMANDS);

/**
 * The bridge table's schemas: per method of {@link BRIDGE_METHODS}, what its argument and its
 * result must be. The main process validates every argument against these before it acts.
 */
export const BRIDGE_CONTRACT = {
  pickFiles: { args: PickFilesArgsSchema, result: PickFilesResultSchema },
  saveFile: { args: SaveFileArgsSchema, result: SaveFileResultSchema },
  beginSave: { args: BeginSaveArgsSchema, result: BeginSaveResultSchema },
  writeSave: { args: WriteSaveArgsSchema, result: z.undefined() },
  endSave: { args: EndSaveArgsSchema, result: EndSaveResultSchema },
  appInfo: { args: NoArgsSchema, result: AppInfoSchema },
  writeBackup: { args: WriteBackupArgsSchema, result: BackupInfoSchema },
  listBackups: { args: NoArgsSchema, result: z.array(BackupInfoSchema) },
  readBackup: { args: ReadBackupArgsSchema, result: BackupFileSchema },
  takeOpenedFiles: { args: NoArgsSchema, result: PickFilesResultSchema },
  readyToQuit: { args: NoArgsSchema, result: z.undefined() },
  syncSettings: { args: NoArgsSchema, result: SyncSettingsSchema.nullable() },
  syncKeyring: { args: NoArgsSchema, result: SyncKeyringSchema },
  syncTest: { args: SyncTestArgsSchema, result: SyncTestResultSchema },
  syncSave: { args: SyncSaveArgsSchema, result: SyncSettingsSchema },
  syncForget: { args: NoArgsSchema, result: z.undefined() },
  syncFetch: { args: SyncFetchArgsSchema, result: SyncFetchResultSchema },
} as const satisfies Record<InvokeMethod, { args: z.ZodType; result: z.ZodType }>;

/** What method `M` takes, and what it answers with. */
export type ArgsOf<M extends InvokeMethod> = z.output<(typeof BRIDGE_CONTRACT)[M]['args']>;
export type ResultOf<M extends InvokeMethod> = z.output<(typeof BRIDGE_CONTRACT)[M]['result']>;

/** Each channel's argument schema, derived from the table. */
export const ARG_SCHEMAS = Object.fromEntries(
  (Object.keys(BRIDGE_METHODS) as InvokeMethod[]).map((m) => [
    BRIDGE_METHODS[m].channel,
    BRIDGE_CONTRACT[m].args,
  ]),
) as { readonly [M in InvokeMethod as ChannelOf<M>]: (typeof BRIDGE_CONTRACT)[M]['args'] };

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

/** One method of `window.gloss`: with an argument or without, as its row of the table says. */
export type BridgeMethod<M extends InvokeMethod> = (typeof BRIDGE_METHODS)[M]['args'] extends true
  ? (args: ArgsOf<M>) => Promise<BridgeResult<ResultOf<M>>>
  : () => Promise<BridgeResult<ResultOf<M>>>;

/** The object the preload exposes as `window.gloss`: the table's methods, and `onMenu`. */
export type GlossBridge = { readonly [M in InvokeMethod]: BridgeMethod<M> } & {
  /** Subscribes to menu commands; returns the function that unsubscribes. */
  readonly onMenu: (listener: (command: MenuCommand) => void) => () => void;
};
