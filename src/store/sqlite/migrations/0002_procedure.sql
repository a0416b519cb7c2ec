-- The procedure: people and their tokens, deadlines with their alert flags, the approvals
-- queue, the compensation ledger, notifications, and the A-status customer list.

ALTER TABLE complaints ADD COLUMN responsible TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN contact_key TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN supplier TEXT NOT NULL DEFAULT '';
CREATE INDEX complaints_responsible ON complaints (responsible, received_at, id) WHERE responsible <> '';
CREATE INDEX complaints_contact_key ON complaints (contact_key, received_at) WHERE contact_key <> '';
CREATE INDEX complaints_supplier ON complaints (supplier, received_at) WHERE supplier <> '';

CREATE TABLE users (
    login         TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    position      TEXT NOT NULL,
    role          TEXT NOT NULL,
    site          TEXT NOT NULL,
    language      TEXT NOT NULL,
    password_hash TEXT NOT NULL,  -- argon2id, or empty: token access only
    disabled      INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
);

-- Bearer tokens by their SHA-256: a stolen database yields no usable token.
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    login      TEXT NOT NULL REFERENCES users (login),
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL  -- 0: does not expire
);
CREATE INDEX api_tokens_login ON api_tokens (login);

-- One row per deadline of a complaint; `due_at` changing makes it a new deadline, whose
-- alerts are recorded afresh.
CREATE TABLE deadlines (
    number           TEXT NOT NULL,
    key              TEXT NOT NULL,
    kind             TEXT NOT NULL,
    due_at           INTEGER NOT NULL,
    warn_at          INTEGER NOT NULL,
    owner            TEXT NOT NULL,
    site             TEXT NOT NULL,
    met              INTEGER NOT NULL,
    approaching_done INTEGER NOT NULL DEFAULT 0,
    missed_done      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (number, key)
);
CREATE INDEX deadlines_open_due ON deadlines (due_at) WHERE met = 0;
CREATE INDEX deadlines_open_warn ON deadlines (warn_at) WHERE met = 0 AND approaching_done = 0;
CREATE INDEX deadlines_owner ON deadlines (owner, due_at) WHERE met = 0;

-- What waits for someone with more authority: measures and compensation.
CREATE TABLE approvals (
    number       TEXT NOT NULL,
    kind         TEXT NOT NULL,  -- 'measures' or 'compensation'
    ref          TEXT NOT NULL,  -- the compensation's id, or the round for measures
    amount_minor INTEGER NOT NULL,
    description  TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    site         TEXT NOT NULL,
    PRIMARY KEY (number, kind, ref)
);

-- Granted compensation, for monthly authority and budget checks.
CREATE TABLE compensation_ledger (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL,
    ref         TEXT NOT NULL,
    login       TEXT NOT NULL,  -- whose authority it used
    role        TEXT NOT NULL,
    site        TEXT NOT NULL,
    month       TEXT NOT NULL,  -- 'YYYY-MM'
    value_minor INTEGER NOT NULL,
    cost_minor  INTEGER NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX ledger_login_month ON compensation_ledger (login, month);
CREATE INDEX ledger_budget_month ON compensation_ledger (role, site, month);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    recipient  TEXT NOT NULL,  -- 'user:<login>' or 'role:<role>'
    number     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX notifications_recipient ON notifications (recipient, id);

-- Customers hurt by an error, with their privileges (DOMAIN §5): keyed by lower-case
-- e-mail address or organisation name.
CREATE TABLE a_status (
    key        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    privileges TEXT NOT NULL,
    note       TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   INTEGER NOT NULL
);
