import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { designDocument } from '../../../core/sync';
import { createDatabase, createUser, putRaw, startCouch, type TestCouch } from '../../unit/cli/sync/couch';
import { answerFirstRun } from './analyst';
import { CORPUS, expect, startChromiumApp, test, type GlossApp, type RunningApp } from './fixtures';
import { annotationItems, selectText } from './reader';

/*
 * What the team-sync specs share: the real server a spec syncs through (started before its tests,
 * stopped after them), the app profiles its analysts use, and what they do to a profile: open
 * File › Team Sync… and connect, wait for the indicator, import and open the corpus article,
 * select an annotation and write its note.
 */

/** The corpus article the team-sync specs annotate. */
export const ISW = join(CORPUS, 'text', 'isw-2025-06-25.txt');

export const syncIndicator = (app: GlossApp) => app.page.getByRole('button', { name: /^Team sync:/ });
export const syncDialog = (app: GlossApp) => app.page.getByRole('dialog', { name: 'Team sync' });
/** The annotation in the list whose text holds `text`. */
export const item = (app: GlossApp, text: string) => annotationItems(app).filter({ hasText: text });
export const editor = (app: GlossApp) => app.page.getByRole('group', { name: 'Edit annotation' });

/** File › Team Sync…: fills server, database, user and password, and clicks Connect. */
export async function fillConnect(
  app: GlossApp,
  server: string,
  db: string,
  user: string,
  password: string,
): Promise<void> {
  await app.menu('team-sync');
  const d = syncDialog(app);
  await d.getByLabel('Server address').fill(server);
  await d.getByLabel('Database').fill(db);
  await d.getByLabel('User name').fill(user);
  await d.getByLabel('Password', { exact: true }).fill(password);
  await d.getByRole('button', { name: 'Connect' }).click();
}

/** Waits for the indicator to say up to date (after an outage, up to the 30 s back-off and a sync). */
export async function upToDate(app: GlossApp): Promise<void> {
  await expect(syncIndicator(app)).toHaveAttribute('data-state', 'up-to-date', { timeout: 60_000 });
}

export async function openArticle(app: GlossApp): Promise<void> {
  await app.page.getByRole('listbox', { name: 'Articles' }).getByRole('option').first().click();
  await expect(app.page.getByRole('textbox', { name: 'Article text' })).toContainText('Marco Rubio');
}

/** Selects the annotation (a click on the selected one would close its editor). */
export async function selectAnnotation(app: GlossApp, shown: string): Promise<void> {
  const it = item(app, shown);
  if ((await it.getAttribute('aria-current')) !== 'true') await it.locator('.annotation-summary').click();
  await expect(it).toHaveAttribute('aria-current', 'true');
}

/** Selects the annotation and writes its note (committed by leaving the field). */
export async function setNote(app: GlossApp, shown: string, note: string): Promise<void> {
  await selectAnnotation(app, shown);
  const field = editor(app).getByLabel('Note');
  await field.fill(note);
  await field.press('Tab');
}

/** Selects `passage` in the reader and marks it a claim (`shown`: the text its list item shows). */
export async function claim(app: GlossApp, passage: string, shown: string): Promise<void> {
  await selectText(app.page, passage);
  await app.page.keyboard.press('c');
  await expect(item(app, shown)).toContainText('Claim');
}

/** Waits until the annotation's note (in its editor) reads `note`. */
export async function setNoteVisible(app: GlossApp, shown: string, note: string): Promise<void> {
  const it = item(app, shown);
  if ((await it.getAttribute('aria-current')) !== 'true') await it.locator('.annotation-summary').click();
  await expect(editor(app).getByLabel('Note')).toHaveValue(note, { timeout: 30_000 });
}

/** The real server a team-sync spec syncs through, and the users it was given. */
export interface TeamServer {
  /** The server (PouchDB Server on loopback, or the CouchDB at GLOSS_COUCHDB_URL); inside tests only. */
  readonly couch: TestCouch;
  /** A new team database on the server (its name: `prefix` and the time), its members and Gloss's design document. */
  newDatabase(prefix: string, members: string[]): Promise<string>;
  /** File › Team Sync… with this server, `db` and `user`, and Connect (the user's own password unless one is given). */
  connect(app: GlossApp, db: string, user: string, password?: string): Promise<void>;
  /** Connects as {@link connect} does, waits until `app` is up to date and closes the dialog. */
  join(app: GlossApp, db: string, user: string): Promise<void>;
}

/**
 * Starts, before the calling spec's tests, a real CouchDB-protocol server with `users` (name:
 * password) in the role `gloss-writer` and `readers` in `gloss-reader`, and stops it after them:
 * PouchDB Server on a free loopback port — in memory, or on disk when `persistent` (so that a test
 * can kill it and start it again as a server restart does) — or the CouchDB at GLOSS_COUCHDB_URL.
 * Call it once, at the top of a spec.
 */
export function teamServer(options: {
  users: Record<string, string>;
  readers?: Record<string, string>;
  persistent?: boolean;
}): TeamServer {
  const readers = options.readers ?? {};
  const passwords: Record<string, string> = { ...options.users, ...readers };
  let started: TestCouch | undefined;
  test.beforeAll(async () => {
    started = await startCouch({ persistent: options.persistent ?? false });
    for (const [name, password] of Object.entries(options.users))
      await createUser(started, name, password, ['gloss-writer']);
    for (const [name, password] of Object.entries(readers))
      await createUser(started, name, password, ['gloss-reader']);
  });
  test.afterAll(async () => {
    await started?.stop();
  });
  const server: TeamServer = {
    get couch() {
      if (!started) throw new Error('the team server runs only while the spec’s tests do');
      return started;
    },
    newDatabase: async (prefix, members) => {
      const name = `${prefix}-${Date.now()}`;
      await createDatabase(server.couch, name, members);
      await putRaw(server.couch, name, designDocument());
      return name;
    },
    connect: async (app, db, user, password) => {
      const known = password ?? passwords[user];
      if (known === undefined) throw new Error(`the team server has no user ${user}`);
      await fillConnect(app, server.couch.url, db, user, known);
    },
    join: async (app, db, user) => {
      await server.connect(app, db, user);
      await upToDate(app);
      await app.page.keyboard.press('Escape');
    },
  };
  return server;
}

/** A profile to start: the analyst's name (the first-run answer), or that with options for the profile. */
export type Analyst = string | { name: string; keyring?: boolean };

/**
 * Starts one app profile per analyst (each answers the first-run question with its name), runs
 * `body` with them, and closes every profile started, whatever happens.
 */
export async function withAnalysts<const T extends readonly Analyst[]>(
  analysts: T,
  body: (apps: { [K in keyof T]: RunningApp }) => Promise<void>,
): Promise<void> {
  const apps: RunningApp[] = [];
  try {
    for (const analyst of analysts) {
      const { name, ...profile } = typeof analyst === 'string' ? { name: analyst } : analyst;
      const app = await startChromiumApp(profile);
      apps.push(app);
      await answerFirstRun(app.page, name);
    }
    await body(apps as { [K in keyof T]: RunningApp });
  } finally {
    for (const app of apps) await app.close();
  }
}

/** Imports the corpus article through File › Import and waits for the reader to show it. */
export async function importArticle(app: GlossApp): Promise<void> {
  await app.answerOpenDialog([ISW]);
  await app.menu('import-articles');
  await expect(app.page.getByRole('textbox', { name: 'Article text' })).toContainText('Marco Rubio');
}

/** A key and its certificate, as PEM text (what `createServer` of node:https or node:tls takes). */
export interface KeyPair {
  key: string;
  cert: string;
}

/**
 * Makes with openssl, in `dir`, a new key and a self-signed certificate for `subject`, valid for a
 * day (`name`.key, `name`.pem). `ip`: the address the certificate is for (its subject alternative
 * name, which a client checks); none for an authority that only signs.
 */
export function selfSigned(dir: string, name: string, subject: string, ip?: string): KeyPair {
  const [key, cert] = [`${name}.key`, `${name}.pem`];
  const altName = ip ? ['-addext', `subjectAltName=IP:${ip}`] : [];
  const args = ['-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'];
  execFileSync('openssl', ['req', ...args, '-subj', subject, ...altName], { cwd: dir, stdio: 'ignore' });
  return { key: readFileSync(join(dir, key), 'utf8'), cert: readFileSync(join(dir, cert), 'utf8') };
}
