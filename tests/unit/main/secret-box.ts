import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialStore, type SecretBox } from '../../../main/sync/credentials';
import { TeamSyncService, type NetFetch } from '../../../main/sync/service';

/**
 * A real cipher (AES-256-GCM, a key made per box) standing in for the operating system's keyring
 * where Electron's `safeStorage` is not at hand: the unit tests and the e2e browser host.
 */
export function aesBox(backend = 'gnome_libsecret'): SecretBox {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(enc) {
      const d = createDecipheriv('aes-256-gcm', key, enc.subarray(0, 12));
      d.setAuthTag(enc.subarray(12, 28));
      return Buffer.concat([d.update(enc.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/**
 * The team-sync service over a credential file in `dir` (by default a folder no test reads);
 * `keyring: false` plays Linux without a secret service (`basic_text`).
 */
export function teamSyncFor(
  dir = join(tmpdir(), 'gloss-unused-team-sync'),
  options: { keyring?: boolean; fetch?: NetFetch } = {},
): TeamSyncService {
  const box = aesBox(options.keyring === false ? 'basic_text' : 'gnome_libsecret');
  return new TeamSyncService(new CredentialStore(join(dir, 'team-sync.json'), box), options.fetch ?? fetch);
}
