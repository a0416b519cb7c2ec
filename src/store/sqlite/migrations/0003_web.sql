-- The web app and the customer portal: full-text search over the register, saved
-- register views, attachments, and the customers' status links.

-- Contentless: the index only, no second copy of the text. Complaints are never deleted
-- and their searchable text never changes after registration, so rows are only added.
CREATE VIRTUAL TABLE complaints_fts USING fts5 (
    number, contact_name, organisation, product, statement,
    content = '', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO complaints_fts (rowid, number, contact_name, organisation, product, statement)
    SELECT id, number, contact_name, organisation, product, coalesce(json_extract(card, '$.statement'), '')
    FROM complaints;

CREATE TABLE saved_views (
    login      TEXT NOT NULL REFERENCES users (login),
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,  -- the register's query string, e.g. "status=investigating&q=refund"
    created_at INTEGER NOT NULL,
    PRIMARY KEY (login, name)
);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    added_by     TEXT NOT NULL,
    added_at     INTEGER NOT NULL
);
CREATE INDEX attachments_complaint ON attachments (complaint_id, id);

-- A customer's link to follow a complaint without an account, by the SHA-256 of its
-- secret: a stolen database yields no usable link.
CREATE TABLE portal_links (
    token_hash   TEXT PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    created_at   INTEGER NOT NULL
);
