/**
 * The design document Gloss installs in a team database (`gloss sync --install`). CouchDB runs
 * its `validate_doc_update` on every write, replication included, so that a user without write
 * rights, or a client that sends a malformed or forged document, is refused by the server
 * itself. The function is ES5 for CouchDB's JavaScript engine; it checks the document's shape
 * (the full schemas are checked again by every Gloss that receives it) and the author rules.
 * See docs/team-server.md, "Rights".
 */

/** Bumped whenever {@link VALIDATE_DOC_UPDATE} changes, so that `--install` knows to update it. */
export const DESIGN_VERSION = 1;

/** The id of the design document. */
export const DESIGN_ID = '_design/gloss';

/** The role that may write; members without it (and without admin rights) may only read. */
export const WRITER_ROLE = 'gloss-writer';

export const VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  function has(list, x) { return !!list && list.indexOf(x) !== -1; }
  var sec = secObj || {};
  var admins = sec.admins || {};
  var isAdmin = has(userCtx.roles, '_admin') || has(admins.names, userCtx.name) ||
    (userCtx.roles || []).some(function (r) { return has(admins.roles, r); });
  if (!isAdmin && !has(userCtx.roles, '${WRITER_ROLE}')) {
    throw({ forbidden: 'read-only: ' + (userCtx.name || 'this user') + ' may read this project but not change it (ask an admin for the ${WRITER_ROLE} role)' });
  }
  if (newDoc._id.indexOf('_design/') === 0) {
    if (!isAdmin) throw({ forbidden: 'only a database admin may change design documents' });
    return;
  }
  var kinds = ['article', 'annotation', 'grade', 'tag', 'set'];
  var kind = newDoc._id.slice(0, newDoc._id.indexOf(':'));
  if (!has(kinds, kind)) throw({ forbidden: 'not a Gloss document id: ' + newDoc._id });
  if (!isAdmin && newDoc.by !== userCtx.name) {
    throw({ forbidden: newDoc._id + ' must be written as ' + userCtx.name + ', not ' + newDoc.by });
  }
  if (newDoc._deleted) return;
  function need(ok, what) { if (!ok) throw({ forbidden: newDoc._id + ': ' + what }); }
  var r = newDoc.record;
  need(newDoc.type === kind, 'type must be ' + kind);
  need(typeof newDoc.v === 'number', 'v must be the shape version');
  need(r !== null && typeof r === 'object' && !Array.isArray(r), 'record must be an object');
  function str(k) { need(typeof r[k] === 'string', 'record.' + k + ' must be a string'); }
  if (kind === 'article') {
    str('id'); str('text'); str('title'); str('source');
    need(/^[0-9a-f]{64}$/.test(r.contentHash), 'record.contentHash must be a SHA-256 digest');
    need(Array.isArray(r.blocks), 'record.blocks must be a list');
    need(r.original === undefined, 'an article travels without its imported bytes');
    need(newDoc._id === 'article:' + r.id, 'the id must be article:<record.id>');
  } else if (kind === 'annotation') {
    str('id'); str('articleId'); str('note'); str('createdAt'); str('updatedAt');
    need(has(['claim', 'assessment', 'figure'], r.kind), 'record.kind must be claim, assessment or figure');
    need(Array.isArray(r.selectors) && r.selectors.length > 0, 'record.selectors must not be empty');
    need(r.author && typeof r.author.id === 'string', 'record.author must name an analyst');
    need(newDoc._id === 'annotation:' + r.id, 'the id must be annotation:<record.id>');
    if (oldDoc && !oldDoc._deleted && oldDoc.record && oldDoc.record.author && !isAdmin) {
      need(oldDoc.record.author.id === r.author.id, 'the author of an annotation never changes');
      need(oldDoc.record.createdAt === r.createdAt, 'the creation time of an annotation never changes');
    }
  } else if (kind === 'grade') {
    str('source'); str('updatedAt');
    need(has(['A', 'B', 'C', 'D', 'E', 'F'], r.reliability), 'record.reliability must be A to F');
    need(newDoc._id === 'grade:' + r.source, 'the id must be grade:<record.source>');
  } else if (kind === 'tag') {
    str('name');
    need(/^#[0-9a-fA-F]{6}$/.test(r.color), 'record.color must be #rrggbb');
    need(newDoc._id === 'tag:' + r.name, 'the id must be tag:<record.name>');
  } else if (kind === 'set') {
    str('id'); str('name');
    need(r.type === 'dynamic' || r.type === 'static', 'record.type must be dynamic or static');
    need(newDoc._id === 'set:' + r.id, 'the id must be set:<record.id>');
  }
}`;

/** The design document itself. */
export function designDocument(): {
  _id: string;
  language: string;
  glossVersion: number;
  validate_doc_update: string;
} {
  return {
    _id: DESIGN_ID,
    language: 'javascript',
    glossVersion: DESIGN_VERSION,
    validate_doc_update: VALIDATE_DOC_UPDATE,
  };
}
