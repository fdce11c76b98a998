import { readFile, unlink } from 'node:fs/promises';
import { z } from 'zod';
import { remoteKey } from '../../core/sync';
import { writeFileAtomic } from '../fs/atomic-write';

/**
 * The part of Electron's `safeStorage` the credential store uses; injected so that the store is
 * tested without Electron (with a real cipher) and given `safeStorage` itself in the app.
 */
export interface SecretBox {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means no keyring, i.e. a fixed key that protects nothing. */
  getSelectedStorageBackend?(): string;
}

/** The team database this installation syncs with, as File › Team Sync… sets it. */
export interface TeamSyncSettings {
  /** The database URL, without credentials. */
  url: string;
  user: string;
  mode: 'live' | 'manual';
}

/** Thrown when a password cannot be kept safely, or the stored one cannot be read. */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
}

const FileSchema = z.object({
  type: z.literal('gloss-team-sync'),
  version: z.literal(1),
  url: z.url(),
  user: z.string().min(1),
  mode: z.enum(['live', 'manual']),
  /** The password, encrypted by the operating system's keyring (base64). */
  password: z.string().min(1),
});

/**
 * Keeps the team-sync settings and password in one file of the user-data folder, the password
 * encrypted with the operating system's keyring through `safeStorage` and never written in
 * clear — not to this file, project files, backups or logs. Where the system offers no real
 * keyring, saving is refused with a message that says so.
 */
export class CredentialStore {
  constructor(
    private readonly file: string,
    private readonly box: SecretBox,
  ) {}

  /** Whether the system has a keyring that keeps the password safely (Linux: not `basic_text`). */
  keyringAvailable(): boolean {
    return this.box.isEncryptionAvailable() && this.box.getSelectedStorageBackend?.() !== 'basic_text';
  }

  /** Saves settings and password (atomically). */
  async save(settings: TeamSyncSettings, password: string): Promise<void> {
    if (!this.keyringAvailable()) {
      throw new CredentialError(
        'Gloss cannot keep the password safely: this system offers no keyring (on Linux, install and unlock GNOME Keyring or KWallet). Choose “Remember the password for this session only”, or sync with the command line and GLOSS_SYNC_USER / GLOSS_SYNC_PASSWORD.',
      );
    }
    const record = FileSchema.parse({
      type: 'gloss-team-sync',
      version: 1,
      url: remoteKey(settings.url),
      user: settings.user,
      mode: settings.mode,
      password: this.box.encryptString(password).toString('base64'),
    });
    await writeFileAtomic(this.file, new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`));
  }

  /** The saved settings and password, or null when none are saved. */
  async load(): Promise<{ settings: TeamSyncSettings; password: string } | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') return null;
      throw err;
    }
    let parsed: z.infer<typeof FileSchema>;
    try {
      parsed = FileSchema.parse(JSON.parse(text));
    } catch {
      throw new CredentialError(
        'The saved team-sync settings are damaged; connect again from File › Team Sync….',
      );
    }
    let password: string;
    try {
      password = this.box.decryptString(Buffer.from(parsed.password, 'base64'));
    } catch {
      throw new CredentialError(
        'The saved team-sync password cannot be decrypted (the keyring changed); connect again from File › Team Sync….',
      );
    }
    return { settings: { url: parsed.url, user: parsed.user, mode: parsed.mode }, password };
  }

  /** Forgets settings and password (Disconnect). */
  async forget(): Promise<void> {
    await unlink(this.file).catch((err: { code?: unknown }) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}
