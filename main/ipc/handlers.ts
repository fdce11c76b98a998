import { basename } from 'node:path';
import type { ZodType } from 'zod';
import {
  ARG_SCHEMAS,
  type AppInfo,
  type ArgsOf,
  type BridgeErrorCode,
  type BridgeResult,
  type ChannelOf,
  type InvokeChannel,
  type InvokeMethod,
  type ResultOf,
} from '../../core/bridge';
import { AtomicWriteError, writeFileAtomic } from '../fs/atomic-write';
import { listBackups, readBackup, writeBackup } from '../fs/backups';
import { readPicked } from '../fs/read-picked';
import { StreamedSaves } from '../fs/streamed-save';
import { CredentialError } from '../sync/credentials';
import { TeamSyncRefusal, type TeamSyncService } from '../sync/service';

/** What the handlers need from the host: native dialogs and app facts. Tests answer the dialogs. */
export interface HandlerDeps {
  showOpenDialog(options: {
    title?: string;
    filters?: { name: string; extensions: string[] }[];
    properties: ('openFile' | 'openDirectory' | 'multiSelections')[];
  }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: {
    title?: string;
    defaultPath: string;
    filters?: { name: string; extensions: string[] }[];
  }): Promise<{ canceled: boolean; filePath?: string }>;
  appInfo(): AppInfo;
  /** The folder backups live in (`<userData>/backups`). */
  backupsDir: string;
  /** Project files the operating system asked to open since the last call; each is handed over once. */
  takeOpenedPaths(): string[];
  /** The renderer has written its last backup: the window may close now. */
  readyToQuit(): void;
  /** Team sync's settings, credentials and network (main/sync/service.ts). */
  teamSync: TeamSyncService;
}

/** An error a handler raises on purpose, carried to the renderer with its code. */
export class HandlerError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** One handler per channel of the bridge table, typed from its schemas. */
export type Handlers = {
  [M in InvokeMethod as ChannelOf<M>]: (args: ArgsOf<M>) => Promise<ResultOf<M>>;
};

function ioError(what: string, err: unknown): HandlerError {
  // The atomic writer's own message already names the file and says what to do.
  if (err instanceof AtomicWriteError) return new HandlerError('io', err.message);
  return new HandlerError('io', `${what}: ${(err as Error).message}`);
}

/** A team-sync error as the renderer should see it: refusals and keyring trouble keep their words. */
function syncError(err: unknown): unknown {
  if (err instanceof TeamSyncRefusal) return new HandlerError('invalid-argument', err.message);
  if (err instanceof CredentialError) return new HandlerError('io', err.message);
  return err;
}

/** The main-process behaviour behind each channel, free of Electron so tests can run it as is. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const saves = new StreamedSaves();
  /** The save dialog both save paths show (the whole file at once, or streamed in pieces). */
  const askWhereToSave = (args: ArgsOf<'saveFile'> | ArgsOf<'beginSave'>) =>
    deps.showSaveDialog({
      ...(args.title ? { title: args.title } : {}),
      defaultPath: args.suggestedName,
      ...(args.filters ? { filters: args.filters } : {}),
    });
  return {
    async 'gloss:pick-files'(args) {
      const purpose = args.purpose ?? 'articles';
      const properties: ('openFile' | 'openDirectory' | 'multiSelections')[] = ['openFile'];
      if (args.folders && purpose === 'articles') properties.push('openDirectory');
      if (args.multiple) properties.push('multiSelections');
      const picked = await deps.showOpenDialog({
        ...(args.title ? { title: args.title } : {}),
        ...(args.filters ? { filters: args.filters } : {}),
        properties,
      });
      if (picked.canceled || picked.filePaths.length === 0) {
        return { canceled: true, files: [], unread: [] };
      }
      const paths = args.multiple ? picked.filePaths : picked.filePaths.slice(0, 1);
      return { canceled: false, ...(await readPicked(paths, purpose)) };
    },
    async 'gloss:save-file'(args) {
      const picked = await askWhereToSave(args);
      if (picked.canceled || !picked.filePath) return { canceled: true };
      try {
        await writeFileAtomic(picked.filePath, args.bytes);
      } catch (err) {
        throw ioError(`Could not save “${basename(picked.filePath)}”`, err);
      }
      return { canceled: false, name: basename(picked.filePath) };
    },
    async 'gloss:begin-save'(args) {
      const picked = await askWhereToSave(args);
      if (picked.canceled || !picked.filePath) return { canceled: true };
      try {
        return { canceled: false, id: await saves.begin(picked.filePath), name: basename(picked.filePath) };
      } catch (err) {
        throw ioError(`Could not save “${basename(picked.filePath)}”`, err);
      }
    },
    async 'gloss:write-save'(args) {
      try {
        await saves.write(args.id, args.bytes);
      } catch (err) {
        throw ioError('Could not write the file', err);
      }
    },
    async 'gloss:end-save'(args) {
      try {
        return await saves.end(args.id, args.commit);
      } catch (err) {
        throw ioError('Could not finish the file', err);
      }
    },
    async 'gloss:app-info'() {
      return deps.appInfo();
    },
    async 'gloss:write-backup'(args) {
      try {
        return await writeBackup(deps.backupsDir, args);
      } catch (err) {
        throw ioError('Could not write the backup', err);
      }
    },
    async 'gloss:list-backups'() {
      try {
        return await listBackups(deps.backupsDir);
      } catch (err) {
        throw ioError('Could not list the backups', err);
      }
    },
    async 'gloss:read-backup'(args) {
      try {
        return await readBackup(deps.backupsDir, args.name);
      } catch (err) {
        throw ioError(`Could not read the backup “${args.name}”`, err);
      }
    },
    async 'gloss:take-opened-files'() {
      const paths = deps.takeOpenedPaths();
      if (paths.length === 0) return { canceled: true, files: [], unread: [] };
      // Project files the system handed over: project limits for them all together, never a
      // folder's contents.
      return { canceled: false, ...(await readPicked(paths, 'opened')) };
    },
    async 'gloss:ready-to-quit'() {
      deps.readyToQuit();
    },
    async 'gloss:sync-settings'() {
      return deps.teamSync.settings().catch((err: unknown) => {
        throw syncError(err);
      });
    },
    async 'gloss:sync-keyring'() {
      return { available: deps.teamSync.keyringAvailable() };
    },
    async 'gloss:sync-test'(args) {
      return deps.teamSync.test(args);
    },
    async 'gloss:sync-save'(args) {
      return deps.teamSync.save(args).catch((err: unknown) => {
        throw syncError(err);
      });
    },
    async 'gloss:sync-forget'() {
      await deps.teamSync.forget().catch((err: unknown) => {
        throw syncError(err);
      });
    },
    async 'gloss:sync-fetch'(args) {
      return deps.teamSync.fetch(args).catch((err: unknown) => {
        throw syncError(err);
      });
    },
  };
}

/**
 * Runs one invoke: checks the sender, validates the argument with the channel's schema, calls
 * the handler and wraps the outcome in a {@link BridgeResult}. Electron's `ipcMain.handle` and the
 * e2e browser harness both go through here.
 */
export async function dispatchInvoke(
  handlers: Handlers,
  channel: string,
  rawArg: unknown,
  senderTrusted: boolean,
): Promise<BridgeResult<unknown>> {
  if (!senderTrusted) {
    return {
      ok: false,
      error: { code: 'untrusted-sender', message: 'The request did not come from the Gloss window.' },
    };
  }
  if (!Object.hasOwn(ARG_SCHEMAS, channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: `No such channel: ${channel}` } };
  }
  const ch = channel as InvokeChannel;
  const parsed = (ARG_SCHEMAS[ch] as ZodType).safeParse(rawArg);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
    return {
      ok: false,
      error: {
        code: 'invalid-argument',
        message: `Invalid argument for ${ch}${where}: ${first?.message ?? 'rejected'}`,
      },
    };
  }
  try {
    const handler = handlers[ch] as (arg: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    if (err instanceof HandlerError) return { ok: false, error: { code: err.code, message: err.message } };
    return { ok: false, error: { code: 'internal', message: (err as Error).message || String(err) } };
  }
}
