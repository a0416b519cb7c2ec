#include "store/sqlite/sqlite_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "store/card_cache.hpp"
#include "store/migration.hpp"
#include "store/sqlite/connection.hpp"

namespace redress::store::sqlite {

const std::vector<Migration>& Migrations();  // generated from migrations/*.sql

namespace {

constexpr std::string_view kSummaryColumns =
    "c.id, c.number, c.number_key, c.status, c.channel, c.kind, c.oral, c.organisation, c.product, "
    "c.category, c.site, c.contact_name, c.summary, c.external_ref, c.received_at, c.registered_at, "
    "c.updated_at, c.version, c.last_hash, c.responsible";

ComplaintRow ReadSummary(Statement& s) {
    ComplaintRow row;
    row.id = s.Int(0);
    row.number = s.Text(1);
    row.number_key = s.Int(2);
    row.status = s.Text(3);
    row.channel = s.Text(4);
    row.kind = s.Text(5);
    row.oral = s.Int(6) != 0;
    row.organisation = s.Text(7);
    row.product = s.Text(8);
    row.category = s.Text(9);
    row.site = s.Text(10);
    row.contact_name = s.Text(11);
    row.summary = s.Text(12);
    row.external_ref = s.Text(13);
    row.received_at = s.Int(14);
    row.registered_at = s.Int(15);
    row.updated_at = s.Int(16);
    row.version = s.Int(17);
    row.last_hash = s.Text(18);
    row.responsible = s.Text(19);
    return row;
}

std::string_view SortColumn(SortKey key) {
    switch (key) {
        case SortKey::kReceivedAt: return "c.received_at";
        case SortKey::kUpdatedAt: return "c.updated_at";
        case SortKey::kNumber: return "c.number_key";
    }
    return "c.received_at";
}

// The reads every transaction offers, over whichever connection it holds.
template <class Base>
class Reads : public Base {
public:
    explicit Reads(Connection& db) : db_(db) {}

    std::optional<StoredCard> FindCard(std::string_view number) override {
        auto s = db_.Prepare("SELECT id, version, last_hash, card FROM complaints WHERE number = ?1");
        s->Bind(1, number);
        if (!s->Step()) {
            return std::nullopt;
        }
        return StoredCard{s->Int(0), s->Int(1), std::string(s->Text(2)), std::string(s->Text(3))};
    }

    std::vector<EventRow> Events(std::string_view number) override {
        auto s = db_.Prepare(
            "SELECT e.seq, e.complaint_id, c.number, e.n, e.kind, e.at, e.actor, e.payload, e.hash, "
            "e.global_hash FROM complaints c JOIN events e ON e.complaint_id = c.id "
            "WHERE c.number = ?1 ORDER BY e.n");
        s->Bind(1, number);
        return Collect(*s, ReadEvent);
    }

    ListPage List(const ListQuery& q) override {
        std::string sql = "SELECT " + std::string(kSummaryColumns) + " FROM complaints c WHERE 1=1";
        int index = 0;
        std::vector<std::pair<int, std::string>> texts;
        std::vector<std::pair<int, std::int64_t>> ints;
        auto text_filter = [&](const std::optional<std::string>& value, std::string_view column) {
            if (value) {
                sql += " AND " + std::string(column) + " = ?" + std::to_string(++index);
                texts.emplace_back(index, *value);
            }
        };
        text_filter(q.channel, "c.channel");
        text_filter(q.status, "c.status");
        text_filter(q.category, "c.category");
        text_filter(q.organisation, "c.organisation");
        text_filter(q.product, "c.product");
        text_filter(q.kind, "c.kind");
        text_filter(q.site, "c.site");
        text_filter(q.responsible, "c.responsible");
        if (q.oral) {
            sql += " AND c.oral = ?" + std::to_string(++index);
            ints.emplace_back(index, *q.oral ? 1 : 0);
        }
        if (q.received_from) {
            sql += " AND c.received_at >= ?" + std::to_string(++index);
            ints.emplace_back(index, *q.received_from);
        }
        if (q.received_to) {
            sql += " AND c.received_at < ?" + std::to_string(++index);
            ints.emplace_back(index, *q.received_to);
        }
        if (q.text) {
            // Few matches: fetch them by id and sort them. Many (a common word): walk the sort
            // order's index and keep the matching rows, stopping after one page — "+c.id"
            // keeps the planner from driving the query by the match list.
            std::string match = FtsQuery(*q.text);
            sql += std::string(CommonMatch(match) ? " AND +c.id" : " AND c.id") +
                   " IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?" + std::to_string(++index) + ")";
            texts.emplace_back(index, std::move(match));
        }
        std::string column(SortColumn(q.sort));
        const char* cmp = q.descending ? "<" : ">";
        const char* dir = q.descending ? " DESC" : " ASC";
        if (q.after) {
            sql += " AND (" + column + ", c.id) " + cmp + " (?" + std::to_string(index + 1) + ", ?" +
                   std::to_string(index + 2) + ")";
            ints.emplace_back(index + 1, q.after->first);
            ints.emplace_back(index + 2, q.after->second);
            index += 2;
        }
        sql += " ORDER BY " + column + dir + ", c.id" + dir + " LIMIT ?" + std::to_string(++index);
        ints.emplace_back(index, q.limit + 1);

        auto s = db_.Prepare(sql);  // one cached statement per filter combination
        for (const auto& [i, v] : texts) {
            s->Bind(i, v);
        }
        for (const auto& [i, v] : ints) {
            s->Bind(i, v);
        }
        ListPage page;
        while (s->Step()) {
            if (static_cast<int>(page.rows.size()) == q.limit) {
                page.more = true;
                break;
            }
            page.rows.push_back(ReadSummary(*s));
        }
        return page;
    }

    std::int64_t CountComplaints() override {
        auto s = db_.Prepare("SELECT count(*) FROM complaints");
        s->Step();
        return s->Int(0);
    }

    void ForEachComplaint(const std::function<void(const ComplaintRow&)>& fn) override {
        auto s = db_.PrepareOnce("SELECT " + std::string(kSummaryColumns) +
                                 ", c.card FROM complaints c ORDER BY c.number_key");
        while (s->Step()) {
            ComplaintRow row = ReadSummary(*s);
            row.card = s->Text(20);
            fn(row);
        }
    }

    void ForEachEvent(const std::function<void(const EventRow&)>& fn) override {
        auto s = db_.PrepareOnce(
            "SELECT e.seq, e.complaint_id, c.number, e.n, e.kind, e.at, e.actor, e.payload, e.hash, "
            "e.global_hash FROM events e JOIN complaints c ON c.id = e.complaint_id ORDER BY e.seq");
        while (s->Step()) {
            fn(ReadEvent(*s));
        }
    }

    std::optional<ImportProgress> FindImport(std::string_view source_sha256) override {
        auto s = db_.Prepare(
            "SELECT file_name, next_line, rows_imported, rows_rejected, done FROM imports "
            "WHERE source_sha256 = ?1");
        s->Bind(1, source_sha256);
        if (!s->Step()) {
            return std::nullopt;
        }
        return ImportProgress{std::string(source_sha256), std::string(s->Text(0)), s->Int(1), s->Int(2),
                              s->Int(3), s->Int(4) != 0};
    }

    std::int64_t LastInYear(int year) override {
        auto s = db_.Prepare("SELECT last FROM register_counters WHERE year = ?1");
        s->Bind(1, year);
        return s->Step() ? s->Int(0) : 0;
    }

    std::optional<std::string> FindByExternalRef(std::string_view external_ref) override {
        auto s = db_.Prepare("SELECT number FROM complaints WHERE external_ref = ?1 AND external_ref <> ''");
        s->Bind(1, external_ref);
        if (!s->Step()) {
            return std::nullopt;
        }
        return std::string(s->Text(0));
    }

    std::optional<UserRow> FindUser(std::string_view login) override {
        auto s = db_.Prepare("SELECT " + std::string(kUserColumns) + " FROM users WHERE login = ?1");
        s->Bind(1, login);
        if (!s->Step()) {
            return std::nullopt;
        }
        return ReadUser(*s);
    }

    std::vector<UserRow> ListUsers() override {
        auto s = db_.Prepare("SELECT " + std::string(kUserColumns) + " FROM users ORDER BY login");
        return Collect(*s, ReadUser);
    }

    std::optional<TokenRow> FindToken(std::string_view token_hash) override {
        auto s = db_.Prepare("SELECT token_hash, login, label, created_at, expires_at FROM api_tokens WHERE token_hash = ?1");
        s->Bind(1, token_hash);
        if (!s->Step()) {
            return std::nullopt;
        }
        return TokenRow{std::string(s->Text(0)), std::string(s->Text(1)), std::string(s->Text(2)), s->Int(3), s->Int(4)};
    }

    std::vector<DeadlineRow> OpenDeadlines(const DeadlineQuery& q) override {
        std::string sql = "SELECT " + std::string(kDeadlineColumns) + " FROM deadlines WHERE met = 0";
        if (q.owner) {
            sql += " AND owner = ?1";
        }
        if (q.due_before) {
            sql += " AND due_at < ?2";
        }
        if (q.due_from) {
            sql += " AND due_at >= ?3";
        }
        sql += " ORDER BY due_at, number, key LIMIT ?4";
        auto s = db_.Prepare(sql);
        if (q.owner) {
            s->Bind(1, *q.owner);
        }
        if (q.due_before) {
            s->Bind(2, *q.due_before);
        }
        if (q.due_from) {
            s->Bind(3, *q.due_from);
        }
        s->Bind(4, std::int64_t{q.limit});
        return ReadDeadlines(*s);
    }

    std::vector<DeadlineRow> DueAlerts(std::int64_t now, int limit) override {
        auto s = db_.Prepare(
            "SELECT " + std::string(kDeadlineColumns) + " FROM deadlines WHERE met = 0 AND approaching_done = 0 "
            "AND warn_at <= ?1 UNION SELECT " + std::string(kDeadlineColumns) + " FROM deadlines WHERE met = 0 "
            "AND missed_done = 0 AND due_at <= ?1 ORDER BY 4 LIMIT ?2");
        s->Bind(1, now).Bind(2, std::int64_t{limit});
        return ReadDeadlines(*s);
    }

    std::vector<ApprovalRow> OpenApprovals() override {
        auto s = db_.Prepare(
            "SELECT number, kind, ref, amount_minor, description, requested_by, requested_at, site FROM approvals "
            "ORDER BY requested_at, number");
        return Collect(*s, [](Statement& row) {
            return ApprovalRow{std::string(row.Text(0)), std::string(row.Text(1)), std::string(row.Text(2)), row.Int(3),
                               std::string(row.Text(4)), std::string(row.Text(5)), row.Int(6), std::string(row.Text(7))};
        });
    }

    std::int64_t LedgerValueByLogin(std::string_view login, std::string_view month) override {
        auto s = db_.Prepare("SELECT coalesce(sum(value_minor), 0) FROM compensation_ledger WHERE login = ?1 AND month = ?2");
        s->Bind(1, login).Bind(2, month);
        s->Step();
        return s->Int(0);
    }

    std::int64_t LedgerCostByBudget(std::string_view role, std::string_view site, std::string_view month) override {
        auto s = db_.Prepare(
            "SELECT coalesce(sum(cost_minor), 0) FROM compensation_ledger WHERE role = ?1 AND site = ?2 AND month = ?3");
        s->Bind(1, role).Bind(2, site).Bind(3, month);
        s->Step();
        return s->Int(0);
    }

    std::vector<NotificationRow> Notifications(const std::vector<std::string>& recipients, std::int64_t after_id,
                                               int limit) override {
        std::vector<NotificationRow> out;
        for (const std::string& recipient : recipients) {
            auto s = db_.Prepare(
                "SELECT id, recipient, number, kind, text, created_at FROM notifications WHERE recipient = ?1 "
                "AND id > ?2 ORDER BY id DESC LIMIT ?3");
            s->Bind(1, recipient).Bind(2, after_id).Bind(3, std::int64_t{limit});
            while (s->Step()) {
                out.push_back(NotificationRow{s->Int(0), std::string(s->Text(1)), std::string(s->Text(2)),
                                              std::string(s->Text(3)), std::string(s->Text(4)), s->Int(5)});
            }
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
        if (static_cast<int>(out.size()) > limit) {
            out.resize(static_cast<std::size_t>(limit));
        }
        return out;
    }

    std::int64_t CountByContact(std::string_view contact_key, std::int64_t since) override {
        return CountSince("SELECT count(*) FROM complaints WHERE contact_key = ?1 AND contact_key <> '' AND received_at >= ?2",
                          contact_key, since);
    }

    std::int64_t CountBySupplier(std::string_view supplier, std::int64_t since) override {
        return CountSince("SELECT count(*) FROM complaints WHERE supplier = ?1 AND supplier <> '' AND received_at >= ?2",
                          supplier, since);
    }

    std::optional<AStatusRow> FindAStatus(std::string_view key) override {
        auto s = db_.Prepare("SELECT key, name, privileges, note, added_by, added_at FROM a_status WHERE key = ?1");
        s->Bind(1, key);
        if (!s->Step()) {
            return std::nullopt;
        }
        return ReadAStatus(*s);
    }

    std::vector<AStatusRow> ListAStatus() override {
        auto s = db_.Prepare("SELECT key, name, privileges, note, added_by, added_at FROM a_status ORDER BY name, key");
        return Collect(*s, ReadAStatus);
    }

    std::vector<SavedViewRow> SavedViews(std::string_view login) override {
        auto s = db_.Prepare("SELECT login, name, query, created_at FROM saved_views WHERE login = ?1 ORDER BY name");
        s->Bind(1, login);
        return Collect(*s, [](Statement& row) {
            return SavedViewRow{std::string(row.Text(0)), std::string(row.Text(1)), std::string(row.Text(2)), row.Int(3)};
        });
    }

    std::vector<AttachmentRow> ListAttachments(std::int64_t complaint_id) override {
        auto s = db_.Prepare("SELECT " + std::string(kAttachmentColumns) +
                             ", '' FROM attachments WHERE complaint_id = ?1 ORDER BY id");
        s->Bind(1, complaint_id);
        return Collect(*s, ReadAttachment);
    }

    std::optional<AttachmentRow> FindAttachment(std::int64_t complaint_id, std::int64_t id) override {
        auto s = db_.Prepare("SELECT " + std::string(kAttachmentColumns) +
                             ", data FROM attachments WHERE complaint_id = ?1 AND id = ?2");
        s->Bind(1, complaint_id).Bind(2, id);
        if (!s->Step()) {
            return std::nullopt;
        }
        return ReadAttachment(*s);
    }

    std::optional<std::string> FindPortalLink(std::string_view token_hash) override {
        auto s = db_.Prepare(
            "SELECT c.number FROM portal_links p JOIN complaints c ON c.id = p.complaint_id WHERE p.token_hash = ?1");
        s->Bind(1, token_hash);
        if (!s->Step()) {
            return std::nullopt;
        }
        return std::string(s->Text(0));
    }

protected:
    // Whether a search matches more rows than a sort would take in its stride.
    bool CommonMatch(const std::string& match) {
        auto s = db_.Prepare(
            "SELECT count(*) FROM (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?1 LIMIT 2000)");
        s->Bind(1, match);
        s->Step();
        return s->Int(0) >= 2000;
    }

    // A user's search words as an FTS5 query: each word quoted, so that no input is read
    // as query syntax, all required, and the last one a prefix (search as you type).
    static std::string FtsQuery(std::string_view text) {
        auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
        std::string out;
        std::size_t i = 0;
        while (i < text.size()) {
            while (i < text.size() && space(text[i])) {
                ++i;
            }
            std::size_t start = i;
            while (i < text.size() && !space(text[i])) {
                ++i;
            }
            if (i == start) {
                break;
            }
            if (!out.empty()) {
                out += ' ';
            }
            out += '"';
            for (char c : text.substr(start, i - start)) {
                out += c;
                if (c == '"') {
                    out += '"';
                }
            }
            out += '"';
        }
        if (!out.empty()) {
            out += '*';
        } else {
            out = "\"\"";  // no words: matches nothing
        }
        return out;
    }

    static constexpr std::string_view kAttachmentColumns =
        "id, complaint_id, file_name, content_type, size, sha256, added_by, added_at";

    static AttachmentRow ReadAttachment(Statement& s) {
        return AttachmentRow{s.Int(0), s.Int(1), std::string(s.Text(2)), std::string(s.Text(3)), s.Int(4),
                             std::string(s.Text(5)), std::string(s.Blob(8)), std::string(s.Text(6)), s.Int(7)};
    }

    // A count over the complaints with one key, received since a time (the partial
    // index on the key's column answers it).
    std::int64_t CountSince(std::string_view sql, std::string_view key, std::int64_t since) {
        auto s = db_.Prepare(sql);
        s->Bind(1, key).Bind(2, since);
        s->Step();
        return s->Int(0);
    }

    static constexpr std::string_view kUserColumns =
        "login, name, position, role, site, language, password_hash, disabled, created_at";
    static constexpr std::string_view kDeadlineColumns =
        "number, key, kind, due_at, warn_at, owner, site, met, approaching_done, missed_done";

    static UserRow ReadUser(Statement& s) {
        return UserRow{std::string(s.Text(0)), std::string(s.Text(1)), std::string(s.Text(2)), std::string(s.Text(3)),
                       std::string(s.Text(4)), std::string(s.Text(5)), std::string(s.Text(6)), s.Int(7) != 0, s.Int(8)};
    }

    static std::vector<DeadlineRow> ReadDeadlines(Statement& s) {
        return Collect(s, [](Statement& row) {
            return DeadlineRow{std::string(row.Text(0)), std::string(row.Text(1)), std::string(row.Text(2)), row.Int(3),
                               row.Int(4), std::string(row.Text(5)), std::string(row.Text(6)), row.Int(7) != 0,
                               row.Int(8) != 0, row.Int(9) != 0};
        });
    }

    // Every remaining row of a statement, each read by `read`.
    template <class Read>
    static auto Collect(Statement& s, Read read) {
        std::vector<decltype(read(s))> out;
        while (s.Step()) {
            out.push_back(read(s));
        }
        return out;
    }

    static AStatusRow ReadAStatus(Statement& s) {
        return AStatusRow{std::string(s.Text(0)), std::string(s.Text(1)), std::string(s.Text(2)),
                          std::string(s.Text(3)), std::string(s.Text(4)), s.Int(5)};
    }

    static EventRow ReadEvent(Statement& s) {
        EventRow e;
        e.seq = s.Int(0);
        e.complaint_id = s.Int(1);
        e.number = s.Text(2);
        e.n = s.Int(3);
        e.kind = s.Text(4);
        e.at = s.Text(5);
        e.actor = s.Text(6);
        e.payload = s.Text(7);
        e.hash = s.Text(8);
        e.global_hash = s.Text(9);
        return e;
    }

    Connection& db_;
};

class SqliteStore;

class SqliteReadTx final : public Reads<ReadTx> {
public:
    SqliteReadTx(SqliteStore& store, std::unique_ptr<Connection> db);
    ~SqliteReadTx() override;

    int SchemaVersion() {
        auto s = db_.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
        s->Step();
        return static_cast<int>(s->Int(0));
    }

private:
    SqliteStore& store_;
    std::unique_ptr<Connection> owned_;
};

class SqliteWriteTx final : public Reads<WriteTx> {
public:
    SqliteWriteTx(Connection& db, std::unique_lock<std::mutex> lock, Sync sync, CardCache& cards)
        : Reads(db), lock_(std::move(lock)), cards_(cards) {
        // The connection keeps the setting, so each transaction states its own.
        db_.Prepare(sync == Sync::kDeferred ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL")->Run();
        db_.Prepare("BEGIN IMMEDIATE")->Run();
    }

    ~SqliteWriteTx() override {
        if (!finished_) {
            try {
                db_.Prepare("ROLLBACK")->Run();
            } catch (const StoreError&) {
                // The transaction is gone either way; a failed rollback leaves nothing behind.
            }
        }
    }

    std::int64_t NextInYear(int year) override {
        // A plain UPDATE for the common case: the upsert with RETURNING cost a statement
        // journal per call.
        {
            auto update = db_.Prepare("UPDATE register_counters SET last = last + 1 WHERE year = ?1");
            update->Bind(1, year);
            update->Run();
        }
        if (db_.Changes() == 0) {
            auto insert = db_.Prepare("INSERT INTO register_counters (year, last) VALUES (?1, 1)");
            insert->Bind(1, year);
            insert->Run();
            return 1;
        }
        auto s = db_.Prepare("SELECT last FROM register_counters WHERE year = ?1");
        s->Bind(1, year);
        s->Step();
        return s->Int(0);
    }

    std::int64_t InsertComplaint(const ComplaintRow& r) override {
        auto s = db_.Prepare(
            "INSERT INTO complaints (number, number_key, status, channel, kind, oral, organisation, "
            "product, category, site, contact_name, summary, external_ref, received_at, registered_at, "
            "updated_at, version, last_hash, card, responsible, contact_key, supplier) VALUES (?1, ?2, ?3, ?4, "
            "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?21, ?22, ?23)");
        BindRow(*s, r);
        s->Run();
        std::int64_t id = db_.LastInsertRowid();
        // The searchable text never changes after registration, so it is indexed once: at
        // Commit, still inside this transaction (see IndexPending).
        pending_index_.push_back(PendingIndex{id, r.number, r.contact_name, r.organisation, r.product, r.statement});
        changed_cards_.emplace_back(r.number, StoredCard{id, r.version, r.last_hash, r.card});
        return id;
    }

    void UpdateComplaint(const ComplaintRow& r) override {
        auto s = db_.Prepare(
            "UPDATE complaints SET number = ?1, number_key = ?2, status = ?3, channel = ?4, kind = ?5, "
            "oral = ?6, organisation = ?7, product = ?8, category = ?9, site = ?10, contact_name = ?11, "
            "summary = ?12, external_ref = ?13, received_at = ?14, registered_at = ?15, updated_at = ?16, "
            "version = ?17, last_hash = ?18, card = ?19, responsible = ?21, contact_key = ?22, supplier = ?23 "
            "WHERE id = ?20");
        BindRow(*s, r);
        s->Bind(20, r.id);
        s->Run();
        changed_cards_.emplace_back(r.number, StoredCard{r.id, r.version, r.last_hash, r.card});
    }

    std::string GlobalHead() override {
        if (!head_) {
            auto s = db_.Prepare("SELECT global_hash FROM events ORDER BY seq DESC LIMIT 1");
            head_ = s->Step() ? std::string(s->Text(0)) : std::string();
        }
        return *head_;
    }

    std::int64_t AppendEvent(const EventRow& e) override {
        auto s = db_.Prepare(
            "INSERT INTO events (complaint_id, n, kind, at, actor, payload, hash, global_hash) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        s->Bind(1, e.complaint_id).Bind(2, e.n).BindView(3, e.kind).BindView(4, e.at).BindView(5, e.actor);
        s->BindView(6, e.payload).BindView(7, e.hash).BindView(8, e.global_hash);
        s->Run();
        head_ = e.global_hash;
        return db_.LastInsertRowid();
    }

    void SaveImport(const ImportProgress& p) override {
        auto s = db_.Prepare(
            "INSERT INTO imports (source_sha256, file_name, next_line, rows_imported, rows_rejected, done) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (source_sha256) DO UPDATE SET "
            "file_name = excluded.file_name, next_line = excluded.next_line, "
            "rows_imported = excluded.rows_imported, rows_rejected = excluded.rows_rejected, "
            "done = excluded.done");
        s->Bind(1, p.source_sha256).Bind(2, p.file_name).Bind(3, p.next_line).Bind(4, p.rows_imported);
        s->Bind(5, p.rows_rejected).Bind(6, p.done ? 1 : 0);
        s->Run();
    }

    void UpsertUser(const UserRow& u) override {
        auto s = db_.Prepare(
            "INSERT INTO users (login, name, position, role, site, language, password_hash, disabled, created_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (login) DO UPDATE SET name = excluded.name, "
            "position = excluded.position, role = excluded.role, site = excluded.site, language = excluded.language, "
            "password_hash = excluded.password_hash, disabled = excluded.disabled");
        s->Bind(1, u.login).Bind(2, u.name).Bind(3, u.position).Bind(4, u.role).Bind(5, u.site).Bind(6, u.language);
        s->Bind(7, u.password_hash).Bind(8, std::int64_t{u.disabled ? 1 : 0}).Bind(9, u.created_at);
        s->Run();
    }

    void InsertToken(const TokenRow& t) override {
        auto s = db_.Prepare(
            "INSERT INTO api_tokens (token_hash, login, label, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
        s->Bind(1, t.token_hash).Bind(2, t.login).Bind(3, t.label).Bind(4, t.created_at).Bind(5, t.expires_at);
        s->Run();
    }

    void DeleteTokens(std::string_view login) override {
        auto s = db_.Prepare("DELETE FROM api_tokens WHERE login = ?1");
        s->Bind(1, login);
        s->Run();
    }

    void ReplaceDeadlines(std::string_view number, const std::vector<DeadlineRow>& rows) override {
        // Keep the alert flags of deadlines whose due time did not change.
        std::vector<DeadlineRow> merged = rows;
        std::vector<DeadlineRow> previous_rows;
        {
            auto old = db_.Prepare("SELECT " + std::string(kDeadlineColumns) + " FROM deadlines WHERE number = ?1");
            old->Bind(1, number);
            previous_rows = ReadDeadlines(*old);
        }
        for (const DeadlineRow& previous : previous_rows) {
            for (DeadlineRow& row : merged) {
                if (row.key == previous.key && row.due_at == previous.due_at) {
                    row.approaching_done = previous.approaching_done;
                    row.missed_done = previous.missed_done;
                }
            }
        }
        if (!previous_rows.empty()) {  // a new complaint has none
            auto del = db_.Prepare("DELETE FROM deadlines WHERE number = ?1");
            del->Bind(1, number);
            del->Run();
        }
        InsertDeadlines(merged);
    }

    void InsertDeadlines(const std::vector<DeadlineRow>& rows) override {
        for (const DeadlineRow& r : rows) {
            auto s = db_.Prepare(
                "INSERT INTO deadlines (number, key, kind, due_at, warn_at, owner, site, met, approaching_done, "
                "missed_done) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
            s->Bind(1, r.number).Bind(2, r.key).Bind(3, r.kind).Bind(4, r.due_at).Bind(5, r.warn_at).Bind(6, r.owner);
            s->Bind(7, r.site).Bind(8, std::int64_t{r.met}).Bind(9, std::int64_t{r.approaching_done});
            s->Bind(10, std::int64_t{r.missed_done});
            s->Run();
        }
    }

    void MarkDeadlineAlerted(std::string_view number, std::string_view key, std::string_view level) override {
        auto s = db_.Prepare(level == "missed"
                                 ? "UPDATE deadlines SET missed_done = 1, approaching_done = 1 WHERE number = ?1 AND key = ?2"
                                 : "UPDATE deadlines SET approaching_done = 1 WHERE number = ?1 AND key = ?2");
        s->Bind(1, number).Bind(2, key);
        s->Run();
    }

    void UpsertApproval(const ApprovalRow& a) override {
        auto s = db_.Prepare(
            "INSERT INTO approvals (number, kind, ref, amount_minor, description, requested_by, requested_at, site) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (number, kind, ref) DO UPDATE SET "
            "amount_minor = excluded.amount_minor, description = excluded.description");
        s->Bind(1, a.number).Bind(2, a.kind).Bind(3, a.ref).Bind(4, a.amount_minor).Bind(5, a.description);
        s->Bind(6, a.requested_by).Bind(7, a.requested_at).Bind(8, a.site);
        s->Run();
    }

    void DeleteApproval(std::string_view number, std::string_view kind, std::string_view ref) override {
        auto s = db_.Prepare("DELETE FROM approvals WHERE number = ?1 AND kind = ?2 AND ref = ?3");
        s->Bind(1, number).Bind(2, kind).Bind(3, ref);
        s->Run();
    }

    void AddLedger(const LedgerRow& r) override {
        auto s = db_.Prepare(
            "INSERT INTO compensation_ledger (number, ref, login, role, site, month, value_minor, cost_minor, at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        s->Bind(1, r.number).Bind(2, r.ref).Bind(3, r.login).Bind(4, r.role).Bind(5, r.site).Bind(6, r.month);
        s->Bind(7, r.value_minor).Bind(8, r.cost_minor).Bind(9, r.at);
        s->Run();
    }

    void AddNotification(const NotificationRow& r) override {
        auto s = db_.Prepare(
            "INSERT INTO notifications (recipient, number, kind, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
        s->Bind(1, r.recipient).Bind(2, r.number).Bind(3, r.kind).Bind(4, r.text).Bind(5, r.created_at);
        s->Run();
    }

    void UpsertAStatus(const AStatusRow& r) override {
        auto s = db_.Prepare(
            "INSERT INTO a_status (key, name, privileges, note, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
            "ON CONFLICT (key) DO UPDATE SET name = excluded.name, privileges = excluded.privileges, note = excluded.note");
        s->Bind(1, r.key).Bind(2, r.name).Bind(3, r.privileges).Bind(4, r.note).Bind(5, r.added_by).Bind(6, r.added_at);
        s->Run();
    }

    bool DeleteAStatus(std::string_view key) override {
        auto s = db_.Prepare("DELETE FROM a_status WHERE key = ?1 RETURNING key");
        s->Bind(1, key);
        bool found = s->Step();
        while (s->Step()) {
        }
        return found;
    }

    void DeleteToken(std::string_view token_hash) override {
        auto s = db_.Prepare("DELETE FROM api_tokens WHERE token_hash = ?1");
        s->Bind(1, token_hash);
        s->Run();
    }

    void SaveView(const SavedViewRow& v) override {
        auto s = db_.Prepare(
            "INSERT INTO saved_views (login, name, query, created_at) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (login, name) DO UPDATE SET query = excluded.query, created_at = excluded.created_at");
        s->Bind(1, v.login).Bind(2, v.name).Bind(3, v.query).Bind(4, v.created_at);
        s->Run();
    }

    bool DeleteView(std::string_view login, std::string_view name) override {
        auto s = db_.Prepare("DELETE FROM saved_views WHERE login = ?1 AND name = ?2");
        s->Bind(1, login).Bind(2, name);
        s->Run();
        return db_.Changes() > 0;
    }

    std::int64_t InsertAttachment(const AttachmentRow& a) override {
        auto s = db_.Prepare(
            "INSERT INTO attachments (complaint_id, file_name, content_type, size, sha256, data, added_by, added_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        s->Bind(1, a.complaint_id).Bind(2, a.file_name).Bind(3, a.content_type).Bind(4, a.size).Bind(5, a.sha256);
        s->BindBlob(6, a.data).Bind(7, a.added_by).Bind(8, a.added_at);
        s->Run();
        return db_.LastInsertRowid();
    }

    void InsertPortalLink(std::string_view token_hash, std::int64_t complaint_id, std::int64_t created_at) override {
        auto s = db_.Prepare("INSERT INTO portal_links (token_hash, complaint_id, created_at) VALUES (?1, ?2, ?3)");
        s->Bind(1, token_hash).Bind(2, complaint_id).Bind(3, created_at);
        s->Run();
    }

    void Savepoint() override {
        db_.Prepare("SAVEPOINT command")->Run();
        savepoint_marks_.push_back(Marks{pending_index_.size(), changed_cards_.size(), head_});
    }

    void ReleaseSavepoint() override {
        db_.Prepare("RELEASE command")->Run();
        savepoint_marks_.pop_back();
    }

    void RollbackToSavepoint() override {
        db_.Prepare("ROLLBACK TO command")->Run();
        db_.Prepare("RELEASE command")->Run();
        pending_index_.resize(savepoint_marks_.back().index);
        changed_cards_.resize(savepoint_marks_.back().cards);
        head_ = std::move(savepoint_marks_.back().head);
        savepoint_marks_.pop_back();
    }

    void Commit() override {
        IndexPending();
        db_.Prepare("COMMIT")->Run();
        finished_ = true;
        cards_.Publish(std::move(changed_cards_));
    }

private:
    // `r` outlives the statement's use in both callers, so its text is bound, not copied.
    static void BindRow(Statement& s, const ComplaintRow& r) {
        s.BindView(1, r.number).Bind(2, r.number_key).BindView(3, r.status).BindView(4, r.channel).BindView(5, r.kind);
        s.Bind(6, std::int64_t{r.oral ? 1 : 0}).BindView(7, r.organisation).BindView(8, r.product);
        s.BindView(9, r.category).BindView(10, r.site).BindView(11, r.contact_name).BindView(12, r.summary);
        s.BindView(13, r.external_ref).Bind(14, r.received_at).Bind(15, r.registered_at);
        s.Bind(16, r.updated_at).Bind(17, r.version).BindView(18, r.last_hash).BindView(19, r.card);
        s.BindView(21, r.responsible).BindView(22, r.contact_key).BindView(23, r.supplier);
    }

    // The search index rows of the complaints inserted in this transaction, written just
    // before COMMIT. FTS5 writes its pending terms out as a new segment at every savepoint,
    // so indexing inside each command's savepoint made one tiny segment (and merges) per
    // registration; written here, a whole batch makes one. A rolled-back command's rows
    // are dropped with its savepoint.
    struct PendingIndex {
        std::int64_t id;
        std::string number, contact_name, organisation, product, statement;
    };

    void IndexPending() {
        for (const PendingIndex& p : pending_index_) {
            auto fts = db_.Prepare(
                "INSERT INTO complaints_fts (rowid, number, contact_name, organisation, product, statement) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            fts->Bind(1, p.id).BindView(2, p.number).BindView(3, p.contact_name).BindView(4, p.organisation);
            fts->BindView(5, p.product).BindView(6, p.statement);
            fts->Run();
        }
        pending_index_.clear();
    }

    std::unique_lock<std::mutex> lock_;
    bool finished_ = false;
    CardCache& cards_;
    std::vector<PendingIndex> pending_index_;
    std::vector<std::pair<std::string, StoredCard>> changed_cards_;  // published to cards_ at commit
    // The global chain's head as this transaction last wrote or read it: every command
    // of a batch chains onto it, so it is read from the log once per transaction.
    std::optional<std::string> head_;
    struct Marks {
        std::size_t index, cards;  // the sizes of pending_index_ and changed_cards_
        std::optional<std::string> head;
    };
    std::vector<Marks> savepoint_marks_;  // one per open savepoint
};

// Copies the write-ahead log into the database on a connection and thread of its own,
// so that the writer, the bottleneck of registration, does not. SQLite's automatic
// checkpoint ran inside the writer's COMMIT every 1,000 pages (8 % of its time).
class Checkpointer {
public:
    explicit Checkpointer(std::string path) : path_(std::move(path)), thread_([this] { Run(); }) {}
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    ~Checkpointer() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

    void Nudge() {
        {
            std::lock_guard lock(mutex_);
            wanted_ = true;
        }
        wake_.notify_one();
    }

private:
    void Run() {
        std::unique_ptr<Connection> db;
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return stopping_ || wanted_; });
            if (stopping_) {
                return;
            }
            wanted_ = false;
            lock.unlock();
            try {
                if (!db) {
                    db = std::make_unique<Connection>(path_);
                }
                db->CheckpointPassive();
            } catch (const StoreError&) {
                db.reset();  // the writer's own checkpoint (see SqliteStore) keeps the log bounded
            }
            lock.lock();
        }
    }

    const std::string path_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool wanted_ = false;    // guarded by mutex_
    bool stopping_ = false;  // guarded by mutex_
    std::thread thread_;
};

class SqliteStore final : public Store {
public:
    explicit SqliteStore(const StoreConfig& config)
        : config_(config), writer_db_(config.path), checkpointer_(config.path), cards_(config.card_cache_bytes) {
        writer_db_.Exec("PRAGMA cache_size=-65536;");  // 64 MiB: the register's indexes stay hot
        writer_db_.OnCommit([this](int wal_frames) {
            if (wal_frames >= kWriterCheckpointFrames) {
                // The checkpointer has fallen behind, or copied all but the frames committed
                // while it ran (it never catches a log that keeps growing). Copying the rest
                // here lets the next transaction start the log afresh.
                try {
                    writer_db_.CheckpointPassive();
                } catch (const StoreError&) {
                    // The commit stands; the next one tries again.
                }
            } else if (wal_frames >= kCheckpointFrames) {
                checkpointer_.Nudge();
            }
        });
        writer_db_.Exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))");
        if (config.migrate) {
            Migrate();
        }
    }

    std::unique_ptr<ReadTx> Read() override {
        std::unique_ptr<Connection> db;
        {
            std::lock_guard lock(pool_mutex_);
            if (!pool_.empty()) {
                db = std::move(pool_.back());
                pool_.pop_back();
            }
        }
        if (!db) {
            db = std::make_unique<Connection>(config_.path);
            db->Exec("PRAGMA query_only=1; PRAGMA cache_size=-16384; PRAGMA mmap_size=268435456;");
        }
        return std::make_unique<SqliteReadTx>(*this, std::move(db));
    }

    void Return(std::unique_ptr<Connection> db) {
        std::lock_guard lock(pool_mutex_);
        if (static_cast<int>(pool_.size()) < config_.read_connections) {
            pool_.push_back(std::move(db));
        }
    }

    std::unique_ptr<WriteTx> BeginWrite(Sync sync) override {
        std::unique_lock lock(writer_mutex_);
        return std::make_unique<SqliteWriteTx>(writer_db_, std::move(lock), sync, cards_);
    }

    CardCacheStats CardCacheUse() const override { return cards_.stats(); }

    std::shared_ptr<const StoredCard> CurrentCard(std::string_view number) override {
        if (auto cached = cards_.Find(number)) {
            return cached;
        }
        std::uint64_t generation = cards_.Generation();
        auto stored = Read()->FindCard(number);
        if (!stored) {
            return nullptr;
        }
        auto card = std::make_shared<const StoredCard>(std::move(*stored));
        cards_.Fill(number, card, generation);  // shared with the caller, not copied
        return card;
    }

    // With synchronous=NORMAL a WAL commit is written to the log but not synced; syncing
    // the log file makes it as durable as synchronous=FULL would have, and one sync
    // covers every commit before it. The log file lives as long as the writer's
    // connection, so an open descriptor stays valid.
    void SyncLog() override {
        std::lock_guard lock(sync_mutex_);
        if (wal_fd_ < 0) {
            wal_fd_ = ::open((config_.path + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
            if (wal_fd_ < 0) {
                throw StoreError("cannot open the write-ahead log " + config_.path + "-wal: " + std::strerror(errno));
            }
        }
        if (::fdatasync(wal_fd_) != 0) {
            throw StoreError("cannot sync the write-ahead log " + config_.path + "-wal: " + std::strerror(errno));
        }
    }

    ~SqliteStore() override {
        if (wal_fd_ >= 0) {
            ::close(wal_fd_);
        }
    }

    // Read on a pooled connection, so a probe never waits behind the writer.
    int SchemaVersion() override {
        auto read = Read();
        return static_cast<SqliteReadTx&>(*read).SchemaVersion();
    }

    int LatestSchemaVersion() const override { return Migrations().empty() ? 0 : Migrations().back().version; }

    int Migrate() override {
        std::lock_guard lock(writer_mutex_);
        int applied = 0;
        for (const Migration& m : Migrations()) {
            writer_db_.Exec("BEGIN IMMEDIATE");
            try {
                auto s = writer_db_.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
                s->Bind(1, m.version);
                bool done = s->Step();
                if (!done) {
                    writer_db_.Exec(m.sql);
                    auto ins = writer_db_.Prepare("INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)");
                    ins->Bind(1, m.version).Bind(2, m.name);
                    ins->Run();
                    ++applied;
                }
                writer_db_.Exec("COMMIT");
            } catch (...) {
                writer_db_.Exec("ROLLBACK");
                throw;
            }
        }
        return applied;
    }

private:
    static constexpr int kCheckpointFrames = 1000;  // SQLite's own default
    static constexpr int kWriterCheckpointFrames = 4 * kCheckpointFrames;

    StoreConfig config_;
    std::mutex writer_mutex_;  // held by the one open write transaction
    Connection writer_db_;
    Checkpointer checkpointer_;
    std::mutex sync_mutex_;
    int wal_fd_ = -1;  // guarded by sync_mutex_
    CardCache cards_;
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<Connection>> pool_;  // guarded by pool_mutex_
};

SqliteReadTx::SqliteReadTx(SqliteStore& store, std::unique_ptr<Connection> db)
    : Reads(*db), store_(store), owned_(std::move(db)) {
    db_.Prepare("BEGIN")->Run();
}

SqliteReadTx::~SqliteReadTx() {
    try {
        db_.Prepare("COMMIT")->Run();
        store_.Return(std::move(owned_));
    } catch (const StoreError&) {
        // A connection in an unknown state is dropped, not returned to the pool.
    }
}

}  // namespace

std::unique_ptr<Store> OpenSqlite(const StoreConfig& config) {
    return std::make_unique<SqliteStore>(config);
}

}  // namespace redress::store::sqlite
