#pragma once

// The store: the event log and the read models derived from it, behind one interface
// that each backend (sqlite/, later postgres/) implements. Only app/ and cli/ see this
// header; backend types never leave store/.
//
// Infrastructure failures (disk full, I/O error, corrupt file) are thrown as StoreError;
// expected outcomes are return values.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace redress::store {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The register's row for one complaint: indexed columns for filters and sorting, and
// the whole card as JSON. Times are microseconds since 1970-01-01 UTC.
struct ComplaintRow {
    std::int64_t id = 0;
    std::string number;
    std::int64_t number_key = 0;  // year * 10^7 + place in year: sorts like the number
    std::string status;
    std::string channel;
    std::string kind;
    bool oral = false;
    std::string organisation;
    std::string product;
    std::string category;
    std::string site;
    std::string contact_name;
    std::string summary;  // the statement's first words, for lists
    std::string external_ref;
    std::int64_t received_at = 0;
    std::int64_t registered_at = 0;
    std::int64_t updated_at = 0;
    std::int64_t version = 0;
    std::string last_hash;  // hex hash of the complaint's last event
    std::string card;       // the card as JSON
    std::string responsible;
    std::string contact_key;  // lower-case e-mail, else phone: finds a customer's other complaints
    std::string supplier;
    std::string statement;  // the full statement, for the search index; written by InsertComplaint only
};

struct UserRow {
    std::string login;
    std::string name;
    std::string position;
    std::string role;
    std::string site;
    std::string language;
    std::string password_hash;
    bool disabled = false;
    std::int64_t created_at = 0;
};

struct TokenRow {
    std::string token_hash;  // hex SHA-256 of the token
    std::string login;
    std::string label;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;  // 0: never
};

struct DeadlineRow {
    std::string number;
    std::string key;
    std::string kind;
    std::int64_t due_at = 0;
    std::int64_t warn_at = 0;
    std::string owner;
    std::string site;
    bool met = false;
    bool approaching_done = false;
    bool missed_done = false;
};

struct DeadlineQuery {
    std::optional<std::string> owner;
    std::optional<std::int64_t> due_before;  // exclusive
    std::optional<std::int64_t> due_from;    // inclusive
    int limit = 200;
};

struct ApprovalRow {
    std::string number;
    std::string kind;  // "measures" or "compensation"
    std::string ref;
    std::int64_t amount_minor = 0;
    std::string description;
    std::string requested_by;
    std::int64_t requested_at = 0;
    std::string site;
};

struct LedgerRow {
    std::string number;
    std::string ref;
    std::string login;
    std::string role;
    std::string site;
    std::string month;  // "YYYY-MM"
    std::int64_t value_minor = 0;
    std::int64_t cost_minor = 0;
    std::int64_t at = 0;
};

struct NotificationRow {
    std::int64_t id = 0;
    std::string recipient;  // "user:<login>" or "role:<role>"
    std::string number;
    std::string kind;
    std::string text;
    std::int64_t created_at = 0;
};

struct AStatusRow {
    std::string key;
    std::string name;
    std::string privileges;
    std::string note;
    std::string added_by;
    std::int64_t added_at = 0;
};

struct SavedViewRow {
    std::string login;
    std::string name;
    std::string query;  // the register's query string
    std::int64_t created_at = 0;
};

struct AttachmentRow {
    std::int64_t id = 0;  // assigned by InsertAttachment
    std::int64_t complaint_id = 0;
    std::string file_name;
    std::string content_type;
    std::int64_t size = 0;
    std::string sha256;
    std::string data;  // left empty by ListAttachments
    std::string added_by;
    std::int64_t added_at = 0;
};

struct EventRow {
    std::int64_t seq = 0;  // place in the global log; assigned by AppendEvent
    std::int64_t complaint_id = 0;
    std::string number;    // filled by reads
    std::int64_t n = 0;
    std::string kind;
    std::string at;  // RFC 3339, exactly as hashed
    std::string actor;
    std::string payload;
    std::string hash;
    std::string global_hash;
};

// A card as loaded for a command.
struct StoredCard {
    std::int64_t id = 0;
    std::int64_t version = 0;
    std::string last_hash;
    std::string card;
};

enum class SortKey { kReceivedAt, kUpdatedAt, kNumber };

struct ListQuery {
    std::optional<std::int64_t> received_from;  // inclusive
    std::optional<std::int64_t> received_to;    // exclusive
    std::optional<std::string> channel;
    std::optional<std::string> status;
    std::optional<std::string> category;
    std::optional<std::string> organisation;
    std::optional<std::string> product;
    std::optional<std::string> kind;
    std::optional<std::string> site;
    std::optional<std::string> responsible;
    std::optional<bool> oral;
    SortKey sort = SortKey::kReceivedAt;
    bool descending = true;
    // Keyset position: the sort key and id of the last row of the previous page.
    std::optional<std::pair<std::int64_t, std::int64_t>> after;
    // Words to find in the number, contact, organisation, product or statement; all must
    // occur, the last may be a prefix.
    std::optional<std::string> text;
    int limit = 50;
};

struct ListPage {
    std::vector<ComplaintRow> rows;  // `card` is left empty in lists
    bool more = false;               // another page follows the last row
};

struct ImportProgress {
    std::string source_sha256;
    std::string file_name;
    std::int64_t next_line = 0;  // the first physical line not yet imported
    std::int64_t rows_imported = 0;
    std::int64_t rows_rejected = 0;
    bool done = false;
};

// A consistent read-only snapshot. Not thread-safe: one thread uses it at a time.
class ReadTx {
public:
    virtual ~ReadTx() = default;

    virtual std::optional<StoredCard> FindCard(std::string_view number) = 0;
    virtual std::vector<EventRow> Events(std::string_view number) = 0;
    virtual ListPage List(const ListQuery& query) = 0;
    virtual std::int64_t CountComplaints() = 0;

    // Every complaint row in register order (by number), card included.
    virtual void ForEachComplaint(const std::function<void(const ComplaintRow&)>& fn) = 0;
    // Every event of the log in global order, `number` filled.
    virtual void ForEachEvent(const std::function<void(const EventRow&)>& fn) = 0;

    virtual std::optional<ImportProgress> FindImport(std::string_view source_sha256) = 0;
    // The number of the complaint registered under an external reference, if any.
    virtual std::optional<std::string> FindByExternalRef(std::string_view external_ref) = 0;
    // The last place taken in the year's register; 0 when none is.
    virtual std::int64_t LastInYear(int year) = 0;

    // People and access.
    virtual std::optional<UserRow> FindUser(std::string_view login) = 0;
    virtual std::vector<UserRow> ListUsers() = 0;
    virtual std::optional<TokenRow> FindToken(std::string_view token_hash) = 0;

    // Deadlines, approvals, the ledger, notifications.
    virtual std::vector<DeadlineRow> OpenDeadlines(const DeadlineQuery& query) = 0;
    // Open deadlines whose warning or due time has come and whose alert is not yet recorded.
    virtual std::vector<DeadlineRow> DueAlerts(std::int64_t now, int limit) = 0;
    virtual std::vector<ApprovalRow> OpenApprovals() = 0;
    // Sums of value granted by `login` in `month`, and of cost from the role and site budget.
    virtual std::int64_t LedgerValueByLogin(std::string_view login, std::string_view month) = 0;
    virtual std::int64_t LedgerCostByBudget(std::string_view role, std::string_view site, std::string_view month) = 0;
    virtual std::vector<NotificationRow> Notifications(const std::vector<std::string>& recipients,
                                                       std::int64_t after_id, int limit) = 0;

    // Signals: other complaints of one customer or about one supplier since a time.
    virtual std::int64_t CountByContact(std::string_view contact_key, std::int64_t since) = 0;
    virtual std::int64_t CountBySupplier(std::string_view supplier, std::int64_t since) = 0;
    virtual std::optional<AStatusRow> FindAStatus(std::string_view key) = 0;
    virtual std::vector<AStatusRow> ListAStatus() = 0;

    // The web app and the portal.
    virtual std::vector<SavedViewRow> SavedViews(std::string_view login) = 0;
    virtual std::vector<AttachmentRow> ListAttachments(std::int64_t complaint_id) = 0;
    virtual std::optional<AttachmentRow> FindAttachment(std::int64_t complaint_id, std::int64_t id) = 0;
    // The complaint number a customer's status link leads to.
    virtual std::optional<std::string> FindPortalLink(std::string_view token_hash) = 0;
};

// One write transaction. Nothing is visible to readers before Commit(); a destroyed
// uncommitted transaction rolls back.
class WriteTx : public ReadTx {
public:
    // The next place in the year's register: gap-free because it is taken inside the
    // transaction that registers the complaint, and rolls back with it.
    virtual std::int64_t NextInYear(int year) = 0;
    virtual std::int64_t InsertComplaint(const ComplaintRow& row) = 0;  // returns the id
    virtual void UpdateComplaint(const ComplaintRow& row) = 0;
    // The hex global hash of the log's last event, or empty for an empty log.
    virtual std::string GlobalHead() = 0;
    virtual std::int64_t AppendEvent(const EventRow& row) = 0;  // returns seq
    virtual void SaveImport(const ImportProgress& progress) = 0;

    virtual void UpsertUser(const UserRow& user) = 0;
    virtual void InsertToken(const TokenRow& token) = 0;
    virtual void DeleteTokens(std::string_view login) = 0;

    // Makes the complaint's deadlines exactly `rows`: new ones inserted, changed ones
    // updated (a new due time clears its alert flags), vanished ones deleted.
    virtual void ReplaceDeadlines(std::string_view number, const std::vector<DeadlineRow>& rows) = 0;
    // The deadlines of a complaint that has none yet (a new one).
    virtual void InsertDeadlines(const std::vector<DeadlineRow>& rows) = 0;
    // level: "approaching" or "missed".
    virtual void MarkDeadlineAlerted(std::string_view number, std::string_view key, std::string_view level) = 0;
    virtual void UpsertApproval(const ApprovalRow& approval) = 0;
    virtual void DeleteApproval(std::string_view number, std::string_view kind, std::string_view ref) = 0;
    virtual void AddLedger(const LedgerRow& row) = 0;
    virtual void AddNotification(const NotificationRow& row) = 0;
    virtual void UpsertAStatus(const AStatusRow& row) = 0;
    virtual bool DeleteAStatus(std::string_view key) = 0;
    virtual void DeleteToken(std::string_view token_hash) = 0;
    virtual void SaveView(const SavedViewRow& view) = 0;  // replaces a view of the same name
    virtual bool DeleteView(std::string_view login, std::string_view name) = 0;
    virtual std::int64_t InsertAttachment(const AttachmentRow& attachment) = 0;  // returns the id
    virtual void InsertPortalLink(std::string_view token_hash, std::int64_t complaint_id, std::int64_t created_at) = 0;

    // Savepoints let one batch transaction hold many commands, each undone on its own.
    virtual void Savepoint() = 0;
    virtual void ReleaseSavepoint() = 0;
    virtual void RollbackToSavepoint() = 0;

    // Durable on return, unless the transaction was begun with Sync::kDeferred: then the
    // commit is written (a killed process loses nothing) and Store::SyncLog makes it durable.
    virtual void Commit() = 0;
};

// When a write transaction's commit reaches the disk.
enum class Sync {
    kOnCommit,  // in Commit() (synchronous=FULL)
    kDeferred,  // in a later Store::SyncLog(), which may serve several commits at once
};

struct StoreConfig {
    std::string path;              // the SQLite database file
    int read_connections = 4;      // pooled read connections
    bool migrate = true;           // apply pending migrations on open
    // Memory for the latest cards of recently used complaints, served by CurrentCard
    // without a database read; 0 turns it off.
    std::size_t card_cache_bytes = 64u << 20;
};

// Thread-safe: Read() may be called from any thread; BeginWrite() from one writer at a time.
class Store {
public:
    virtual ~Store() = default;

    // A snapshot on a pooled connection; returned to the pool when destroyed.
    virtual std::unique_ptr<ReadTx> Read() = 0;
    // A complaint's latest committed card, from memory when it is there, else read (and
    // kept). Null when there is no such complaint. Not part of any snapshot: for a reader
    // that needs only the card.
    virtual std::shared_ptr<const StoredCard> CurrentCard(std::string_view number) = 0;
    struct CardCacheStats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t bytes = 0;
    };
    virtual CardCacheStats CardCacheUse() const = 0;
    // An exclusive write transaction. One at a time per process (the Writer, or the CLI).
    virtual std::unique_ptr<WriteTx> BeginWrite(Sync sync = Sync::kOnCommit) = 0;
    // Makes every transaction committed so far durable. Any thread, also while the next
    // write transaction runs: this is how the Writer overlaps one batch's sync with the
    // next batch's work.
    virtual void SyncLog() = 0;

    virtual int SchemaVersion() = 0;
    // Applies pending migrations; returns how many were applied.
    virtual int Migrate() = 0;
    virtual int LatestSchemaVersion() const = 0;
};

// Opens (creating if needed) the store named by the config.
std::unique_ptr<Store> Open(const StoreConfig& config);

}  // namespace redress::store
