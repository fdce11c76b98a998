/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (node --require) */
/* global require */
// Preloaded (node --require) into the PouchDB Server the sync tests start. PouchDB Server 4.2.0's
// pouchdb-validation overwrites the `_revisions` of every incoming document with the stored
// one's before it runs validate_doc_update, so a replicated update (new_edits: false) is
// acknowledged and then silently dropped. CouchDB does not do this. This preload fixes that one
// line as the module loads, so that the tests exercise the protocol as CouchDB speaks it; the
// test "detects a server that acknowledges an update but does not store it" runs the server
// unfixed and proves that Gloss notices. See docs/team-server.md.
const Module = require('node:module');
const path = require('node:path');

const BUGGY = 'newDoc._revisions = (oldDoc || {})._revisions;';
const FIXED = 'if (!newDoc._revisions) newDoc._revisions = (oldDoc || {})._revisions;';
const target = path.join('pouchdb-validation', 'lib', 'index.js');
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  if (filename.endsWith(target)) {
    if (!content.includes(BUGGY)) throw new Error(`${filename} changed; review fix-pouchdb-validation.cjs`);
    content = content.replace(BUGGY, FIXED);
  }
  return compile.call(this, content, filename);
};
