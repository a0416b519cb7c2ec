-- The register: complaints (read model), the hash-chained event log, the per-year
-- counters behind the register numbers, and import progress.

CREATE TABLE register_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE complaints (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    number_key    INTEGER NOT NULL,
    status        TEXT NOT NULL,
    channel       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    oral          INTEGER NOT NULL,
    organisation  TEXT NOT NULL,
    product       TEXT NOT NULL,
    category      TEXT NOT NULL,
    site          TEXT NOT NULL,
    contact_name  TEXT NOT NULL,
    summary       TEXT NOT NULL,
    external_ref  TEXT NOT NULL,
    received_at   INTEGER NOT NULL,  -- microseconds since 1970-01-01 UTC
    registered_at INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    last_hash     TEXT NOT NULL,
    card          TEXT NOT NULL
);

-- One index per filter, each ending in the default sort so that a filtered page is an
-- index range scan.
CREATE INDEX complaints_received     ON complaints (received_at, id);
CREATE INDEX complaints_updated      ON complaints (updated_at, id);
CREATE INDEX complaints_number_key   ON complaints (number_key, id);
CREATE INDEX complaints_status       ON complaints (status, received_at, id);
CREATE INDEX complaints_channel      ON complaints (channel, received_at, id);
CREATE INDEX complaints_category     ON complaints (category, received_at, id);
CREATE INDEX complaints_organisation ON complaints (organisation, received_at, id);
CREATE INDEX complaints_product      ON complaints (product, received_at, id);
CREATE INDEX complaints_external_ref ON complaints (external_ref) WHERE external_ref <> '';

CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    n            INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    payload      TEXT NOT NULL,
    hash         TEXT NOT NULL,
    global_hash  TEXT NOT NULL,
    UNIQUE (complaint_id, n)
);

CREATE TABLE imports (
    source_sha256 TEXT PRIMARY KEY,
    file_name     TEXT NOT NULL,
    next_line     INTEGER NOT NULL,
    rows_imported INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    done          INTEGER NOT NULL
);
