// Fault loop: fail the n-th store operation of a registration, for n = 1, 2, ... until
// one succeeds, and check after every failure that nothing was half-written.

#include <gtest/gtest.h>

#include "app/complaints.hpp"
#include "app/verify.hpp"
#include "store/writer.hpp"
#include "support/fixtures.hpp"
#include "support/forwarding_store.hpp"

namespace redress::store {
namespace {

using test::Clerk;
using test::kNow;
using test::Replaying;
using test::SampleRequest;

// Forwards to a real transaction, but throws on the fail_at-th write operation (Commit included).
class FaultyWriteTx final : public WriteTx {
public:
    FaultyWriteTx(std::unique_ptr<WriteTx> inner, int fail_at, int& counter)
        : inner_(std::move(inner)), fail_at_(fail_at), counter_(counter) {}

    std::optional<StoredCard> FindCard(std::string_view n) override { return inner_->FindCard(n); }
    std::vector<EventRow> Events(std::string_view n) override { return inner_->Events(n); }
    ListPage List(const ListQuery& q) override { return inner_->List(q); }
    std::int64_t CountComplaints() override { return inner_->CountComplaints(); }
    void ForEachComplaint(const std::function<void(const ComplaintRow&)>& fn) override { inner_->ForEachComplaint(fn); }
    void ForEachEvent(const std::function<void(const EventRow&)>& fn) override { inner_->ForEachEvent(fn); }
    std::optional<ImportProgress> FindImport(std::string_view s) override { return inner_->FindImport(s); }
    std::optional<std::string> FindByExternalRef(std::string_view r) override { return inner_->FindByExternalRef(r); }
    std::int64_t LastInYear(int y) override { return inner_->LastInYear(y); }
    std::optional<UserRow> FindUser(std::string_view l) override { return inner_->FindUser(l); }
    std::vector<UserRow> ListUsers() override { return inner_->ListUsers(); }
    std::optional<TokenRow> FindToken(std::string_view h) override { return inner_->FindToken(h); }
    std::vector<DeadlineRow> OpenDeadlines(const DeadlineQuery& q) override { return inner_->OpenDeadlines(q); }
    std::vector<DeadlineRow> DueAlerts(std::int64_t now, int limit) override { return inner_->DueAlerts(now, limit); }
    std::vector<ApprovalRow> OpenApprovals() override { return inner_->OpenApprovals(); }
    std::int64_t LedgerValueByLogin(std::string_view l, std::string_view m) override { return inner_->LedgerValueByLogin(l, m); }
    std::int64_t LedgerCostByBudget(std::string_view r, std::string_view s, std::string_view m) override {
        return inner_->LedgerCostByBudget(r, s, m);
    }
    std::vector<NotificationRow> Notifications(const std::vector<std::string>& r, std::int64_t a, int l) override {
        return inner_->Notifications(r, a, l);
    }
    std::int64_t CountByContact(std::string_view k, std::int64_t s) override { return inner_->CountByContact(k, s); }
    std::int64_t CountBySupplier(std::string_view k, std::int64_t s) override { return inner_->CountBySupplier(k, s); }
    std::optional<AStatusRow> FindAStatus(std::string_view k) override { return inner_->FindAStatus(k); }
    std::vector<AStatusRow> ListAStatus() override { return inner_->ListAStatus(); }
    std::vector<SavedViewRow> SavedViews(std::string_view l) override { return inner_->SavedViews(l); }
    std::vector<AttachmentRow> ListAttachments(std::int64_t c) override { return inner_->ListAttachments(c); }
    std::optional<AttachmentRow> FindAttachment(std::int64_t c, std::int64_t i) override { return inner_->FindAttachment(c, i); }
    std::optional<std::string> FindPortalLink(std::string_view h) override { return inner_->FindPortalLink(h); }
    void UpsertUser(const UserRow& u) override { Step(), inner_->UpsertUser(u); }
    void InsertToken(const TokenRow& t) override { Step(), inner_->InsertToken(t); }
    void DeleteTokens(std::string_view l) override { Step(), inner_->DeleteTokens(l); }
    void ReplaceDeadlines(std::string_view n, const std::vector<DeadlineRow>& r) override { Step(), inner_->ReplaceDeadlines(n, r); }
    void InsertDeadlines(const std::vector<DeadlineRow>& r) override { Step(), inner_->InsertDeadlines(r); }
    void MarkDeadlineAlerted(std::string_view n, std::string_view k, std::string_view l) override {
        Step(), inner_->MarkDeadlineAlerted(n, k, l);
    }
    void UpsertApproval(const ApprovalRow& a) override { Step(), inner_->UpsertApproval(a); }
    void DeleteApproval(std::string_view n, std::string_view k, std::string_view r) override { Step(), inner_->DeleteApproval(n, k, r); }
    void AddLedger(const LedgerRow& r) override { Step(), inner_->AddLedger(r); }
    void AddNotification(const NotificationRow& r) override { Step(), inner_->AddNotification(r); }
    void UpsertAStatus(const AStatusRow& r) override { Step(), inner_->UpsertAStatus(r); }
    bool DeleteAStatus(std::string_view k) override { return Step(), inner_->DeleteAStatus(k); }
    void DeleteToken(std::string_view h) override { Step(), inner_->DeleteToken(h); }
    void SaveView(const SavedViewRow& v) override { Step(), inner_->SaveView(v); }
    bool DeleteView(std::string_view l, std::string_view n) override { return Step(), inner_->DeleteView(l, n); }
    std::int64_t InsertAttachment(const AttachmentRow& a) override { return Step(), inner_->InsertAttachment(a); }
    void InsertPortalLink(std::string_view h, std::int64_t c, std::int64_t t) override { Step(), inner_->InsertPortalLink(h, c, t); }

    std::int64_t NextInYear(int year) override { return Step(), inner_->NextInYear(year); }
    std::int64_t InsertComplaint(const ComplaintRow& row) override { return Step(), inner_->InsertComplaint(row); }
    void UpdateComplaint(const ComplaintRow& row) override { Step(), inner_->UpdateComplaint(row); }
    std::string GlobalHead() override { return inner_->GlobalHead(); }
    std::int64_t AppendEvent(const EventRow& row) override { return Step(), inner_->AppendEvent(row); }
    void SaveImport(const ImportProgress& p) override { Step(), inner_->SaveImport(p); }
    void Savepoint() override { inner_->Savepoint(); }
    void ReleaseSavepoint() override { inner_->ReleaseSavepoint(); }
    void RollbackToSavepoint() override { inner_->RollbackToSavepoint(); }
    void Commit() override { Step(), inner_->Commit(); }

private:
    void Step() {
        if (++counter_ == fail_at_) {
            throw StoreError("injected fault at operation " + std::to_string(fail_at_));
        }
    }

    std::unique_ptr<WriteTx> inner_;
    int fail_at_;
    int& counter_;
};

class FaultyStore final : public test::ForwardingStore {
public:
    FaultyStore(Store& inner, int fail_at) : ForwardingStore(inner), fail_at_(fail_at) {}

    std::unique_ptr<WriteTx> BeginWrite(Sync sync) override {
        return std::make_unique<FaultyWriteTx>(inner_.BeginWrite(sync), fail_at_, counter_);
    }

private:
    int fail_at_;
    int counter_ = 0;
};

TEST(Faults, NoFailurePointLeavesAHalfWrittenComplaint) {
    test::TempStore s;
    // Two complaints already there, so a failure must also leave them untouched.
    for (int i = 0; i < 2; ++i) {
        auto tx = s.store->BeginWrite();
        ASSERT_TRUE(app::RegisterComplaint(*tx, SampleRequest(i), Clerk(), kNow));
        tx->Commit();
    }
    int failures = 0;
    for (int fail_at = 1;; ++fail_at) {
        FaultyStore faulty(*s.store, fail_at);
        Writer::Outcome outcome{};
        {
            Writer writer(faulty);
            writer.Submit(
                [](WriteTx& tx) { return app::RegisterComplaint(tx, SampleRequest(7), Clerk(), kNow).has_value(); },
                [&](Writer::Outcome o, const std::string&) { outcome = o; });
        }  // the writer drains before it is destroyed
        auto read = s.store->Read();
        auto report = app::VerifyRecord(*read, Replaying());
        ASSERT_FALSE(report.broken) << "after a fault at operation " << fail_at << ": " << report.broken->reason;
        if (outcome == Writer::Outcome::kCommitted) {
            EXPECT_EQ(read->CountComplaints(), 3);
            EXPECT_TRUE(read->FindCard("2026-000003"));  // no number was lost to the failures
            break;
        }
        ++failures;
        EXPECT_EQ(outcome, Writer::Outcome::kFailed);
        EXPECT_EQ(read->CountComplaints(), 2) << "fault at operation " << fail_at;
        EXPECT_FALSE(read->FindCard("2026-000003"));
        ASSERT_LT(fail_at, 50) << "the registration never succeeded";
    }
    // Registration touches the counter, the register row, two events and the commit.
    EXPECT_GE(failures, 5);
}

}  // namespace
}  // namespace redress::store
