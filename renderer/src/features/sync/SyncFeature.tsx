import { useEffect, useState, type FormEvent } from 'react';
import { onMenu, syncKeyring } from '../../platform/gloss';
import type { OpenConflict } from '../../../../core/sync';
import { AnnotationLine } from '../project/annotation-view';
import { conflictAnnotation, conflictRows, conflictTitle } from './conflict-view';
import { Dialog } from '../import/Dialog';
import { teamSync, useTeamSync } from './team-sync';
import { awaitingLine, conflictCount, indicatorLabel, lastSyncLine, statusLabel } from './sync-words';
import { useAwaiting } from './use-awaiting';
import { useDocumentLabels } from './use-document-labels';
import './sync.css';

/** The status indicator, always in the toolbar once a team database is set up; opens Team Sync…. */
export function SyncStatusIndicator() {
  const status = useTeamSync((s) => s.status);
  const settings = useTeamSync((s) => s.settings);
  const conflicts = useTeamSync((s) => s.conflicts.length);
  // Changes of mine the server did not accept (read-only, too large): kept and sent again.
  const notAccepted = useTeamSync((s) => s.rejected.length);
  const waiting = useAwaiting().reduce((n, w) => n + w.annotations, 0);
  const [, tick] = useState(0);
  useEffect(() => {
    if (status.kind !== 'offline' || !status.retryAt) return;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [status]);
  if (!settings) return null;
  const detail =
    status.kind === 'error'
      ? `${status.message} ${status.action}`
      : status.kind === 'offline'
        ? status.message
        : status.kind === 'up-to-date'
          ? `Synced with ${settings.url} at ${new Date(status.at).toLocaleTimeString()}`
          : settings.url;
  return (
    <button
      type="button"
      className={`sync-indicator sync-${status.kind}`}
      data-state={status.kind}
      title={detail}
      aria-label={indicatorLabel(status, { conflicts, notAccepted, waiting, detail })}
      onClick={() => useTeamSync.setState({ dialogOpen: true })}
    >
      <span className="sync-dot" aria-hidden="true" />
      <span role="status">{statusLabel(status)}</span>
      {conflicts > 0 && <span className="sync-conflicts">{conflictCount(conflicts)}</span>}
      {notAccepted > 0 && (
        <span className="sync-not-accepted">{notAccepted.toLocaleString('en')} not accepted</span>
      )}
      {waiting > 0 && <span className="sync-waiting">{waiting.toLocaleString('en')} waiting</span>}
    </button>
  );
}

/** Progress in words: documents received (n of N when the server says), then taken in. */
/** File › Team Sync…, and syncing from start-up on. */
export function SyncFeature() {
  const open = useTeamSync((s) => s.dialogOpen);
  useEffect(() => {
    void teamSync.start();
    return onMenu((command) => {
      if (command === 'team-sync') useTeamSync.setState({ dialogOpen: true });
    });
  }, []);
  return open ? <TeamSyncDialog onClose={() => useTeamSync.setState({ dialogOpen: false })} /> : null;
}

const splitUrl = (url: string): { server: string; database: string } => {
  const u = new URL(url);
  const parts = u.pathname.replace(/\/+$/, '').split('/');
  const database = decodeURIComponent(parts.pop() ?? '');
  u.pathname = parts.join('/') || '/';
  return { server: u.href.replace(/\/+$/, ''), database };
};

function ConnectForm() {
  const [server, setServer] = useState('');
  const [database, setDatabase] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [mode, setMode] = useState<'live' | 'manual'>('live');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Whether the system has a keyring (null: not known yet); without one, this session only. */
  const [keyring, setKeyring] = useState<boolean | null>(null);
  const [sessionOnly, setSessionOnly] = useState(true);
  useEffect(() => {
    let live = true;
    syncKeyring().then(
      (k) => live && setKeyring(k.available),
      () => live && setKeyring(false),
    );
    return () => {
      live = false;
    };
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let url: string;
    try {
      const base = new URL(server.trim());
      if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error();
      url = `${base.href.replace(/\/+$/, '')}/${encodeURIComponent(database.trim())}`;
    } catch {
      setError('The server address is not a web address: write it as https://couch.example.org.');
      return;
    }
    if (!database.trim()) return setError('Enter the name of the project’s database.');
    setBusy(true);
    try {
      await teamSync.connect({
        url,
        user: user.trim(),
        password,
        mode,
        ...(keyring === false && sessionOnly ? { remember: 'session' as const } : {}),
      });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="sync-form" onSubmit={(e) => void submit(e)} aria-label="Connect to a team server">
      <label>
        Server address
        <input
          data-autofocus
          value={server}
          onChange={(e) => setServer(e.target.value)}
          placeholder="https://couch.example.org"
          required
        />
      </label>
      <label>
        Database
        <input
          value={database}
          onChange={(e) => setDatabase(e.target.value)}
          placeholder="ukraine-2025"
          required
        />
      </label>
      <label>
        User name
        <input value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" required />
      </label>
      <label>
        Password
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          required
        />
      </label>
      <ModeChoice mode={mode} onChange={setMode} />
      {keyring === false ? (
        <div className="sync-session">
          <p className="sync-note" id="sync-no-keyring">
            This computer has no keyring Gloss can keep the password with (on Linux: GNOME Keyring or KWallet,
            unlocked), so Gloss cannot save it. It can remember the password, and these settings, until you
            quit Gloss; you then connect again. It is never written to disk, project files, backups or logs.
          </p>
          <label>
            <input
              type="checkbox"
              checked={sessionOnly}
              onChange={(e) => setSessionOnly(e.target.checked)}
              aria-describedby="sync-no-keyring"
            />
            Remember the password for this session only
          </label>
        </div>
      ) : (
        <p className="sync-note">
          The password is kept with your system’s keyring, never in project files, backups or logs.
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="sync-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}

function ModeChoice({
  mode,
  onChange,
}: {
  mode: 'live' | 'manual';
  onChange: (m: 'live' | 'manual') => void;
}) {
  return (
    <fieldset className="sync-mode">
      <legend>When to sync</legend>
      <label>
        <input type="radio" name="sync-mode" checked={mode === 'live'} onChange={() => onChange('live')} />
        Live: send and receive changes as they happen
      </label>
      <label>
        <input
          type="radio"
          name="sync-mode"
          checked={mode === 'manual'}
          onChange={() => onChange('manual')}
        />
        Manual: only when I choose Sync Now
      </label>
    </fieldset>
  );
}

function ConflictItem({ conflict }: { conflict: OpenConflict }) {
  const title = conflictTitle(conflict);
  const annotation = conflictAnnotation(conflict);
  return (
    <li className="sync-conflict" aria-label={title}>
      <p className="sync-conflict-title">
        {annotation ? <AnnotationLine annotation={annotation} /> : <strong>{title}</strong>}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Mine</th>
            <th scope="col">Theirs{conflict.theirsBy ? ` (${conflict.theirsBy})` : ''}</th>
          </tr>
        </thead>
        <tbody>
          {conflictRows(conflict).map((row) => (
            <tr key={row.field}>
              <th scope="row">{row.label}</th>
              <td>{row.mine}</td>
              <td>{row.theirs}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sync-actions">
        <button type="button" onClick={() => teamSync.decide(conflict.id, 'mine')}>
          Keep mine
        </button>
        <button type="button" onClick={() => teamSync.decide(conflict.id, 'theirs')}>
          Keep theirs
        </button>
        {conflict.kind === 'annotation' && (
          <button type="button" onClick={() => teamSync.decide(conflict.id, 'both')}>
            Keep both
          </button>
        )}
      </div>
    </li>
  );
}

function Connected() {
  const settings = useTeamSync((s) => s.settings)!;
  const status = useTeamSync((s) => s.status);
  const conflicts = useTeamSync((s) => s.conflicts);
  const refused = useTeamSync((s) => s.refused);
  const rejected = useTeamSync((s) => s.rejected);
  const labels = useDocumentLabels(rejected.map((r) => r.id));
  const last = useTeamSync((s) => s.last);
  const awaiting = useAwaiting();
  const [error, setError] = useState<string | null>(null);
  const { server, database } = splitUrl(settings.url);
  return (
    <div className="sync-connected">
      <p>
        Database <strong>{database}</strong> on <strong>{server}</strong>, as <strong>{settings.user}</strong>
        .
      </p>
      {settings.remember === 'session' && (
        <p className="sync-note">
          The password is remembered for this session only (this computer has no keyring): after you quit
          Gloss, connect again.
        </p>
      )}
      <p className={`sync-line sync-${status.kind}`} aria-live="polite">
        {statusLabel(status)}
        {status.kind === 'error' || status.kind === 'offline' ? `: ${status.message}` : ''}
        {status.kind === 'error' ? ` ${status.action}` : ''}
        {status.kind === 'up-to-date' && last ? ` — ${lastSyncLine(last)}` : ''}
      </p>
      <ModeChoice
        mode={settings.mode}
        onChange={(m) => void teamSync.setMode(m).catch((err: Error) => setError(err.message))}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="sync-actions">
        <button type="button" className="primary" onClick={() => teamSync.syncNow()}>
          Sync Now
        </button>
        <button
          type="button"
          onClick={() => void teamSync.disconnect().catch((err: Error) => setError(err.message))}
        >
          Disconnect
        </button>
      </div>
      <section aria-label="Conflicts">
        <h3>Conflicts</h3>
        {conflicts.length === 0 ? (
          <p className="sync-note">No conflicts. Changes to different fields are merged by themselves.</p>
        ) : (
          <>
            <p className="sync-note">
              You and a colleague changed the same judgement while apart. Your version stays until you choose.
            </p>
            <ul className="sync-list">
              {conflicts.map((c) => (
                <ConflictItem key={c.id} conflict={c} />
              ))}
            </ul>
          </>
        )}
      </section>
      {awaiting.length > 0 && (
        <section aria-label="Waiting for their article">
          <h3>Waiting for their article</h3>
          <ul className="sync-list">
            {awaiting.map((w) => (
              <li key={w.articleId}>{awaitingLine(w)}</li>
            ))}
          </ul>
          <p className="sync-note">
            A colleague imported the same text, and their Gloss kept their copy and removed yours; their copy
            has not reached the server yet. When it arrives, these annotations move onto it by themselves,
            with their authors (and your copy’s imported file, if this library kept it). Until then they are
            kept here, out of the reader. If it does not arrive, ask the colleague to sync.
          </p>
        </section>
      )}
      {refused.length > 0 && (
        <section aria-label="Refused documents">
          <h3>Refused from the server</h3>
          <p className="sync-note">
            These documents on the server fail Gloss’s checks; they were not taken into your library.
          </p>
          <ul className="sync-list">
            {refused.map((r) => (
              <li key={r.id}>
                <code className="sync-id">{r.id}</code>
                <div className="sync-reason">{r.reason}</div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {rejected.length > 0 && (
        <section aria-label="Changes the server refused">
          <h3>Not accepted by the server</h3>
          <p className="sync-note">
            The server refused these changes of yours (often: this user may read but not write). They stay in
            your library and are sent again with each sync — one too large for the server on Sync Now, when
            Gloss starts, once you change it, or with the first sync 10 minutes after it was last tried.
          </p>
          <ul className="sync-list">
            {rejected.map((r) => (
              <li key={r.id}>
                {labels.has(r.id) && <strong>“{labels.get(r.id)}” </strong>}
                <code className="sync-id">{r.id}</code>
                <div className="sync-reason">{r.reason}</div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** File › Team Sync…: connect (server, database, user, password, mode), or the connection's state. */
export function TeamSyncDialog({ onClose }: { onClose: () => void }) {
  const connected = useTeamSync((s) => s.settings !== null);
  return (
    <Dialog
      title="Team sync"
      subtitle="Share this library with your team through a CouchDB database. You keep working offline; changes travel when you are online."
      onClose={onClose}
      className="sync-dialog"
    >
      {connected ? <Connected /> : <ConnectForm />}
    </Dialog>
  );
}
