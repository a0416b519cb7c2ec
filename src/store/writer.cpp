#include "store/writer.hpp"

#include <algorithm>
#include <exception>

namespace redress::store {

Writer::Writer(Store& store, std::size_t max_batch)
    : store_(store), max_batch_(max_batch), thread_([this] { Run(); }), sync_thread_([this] { RunSyncs(); }) {}

Writer::~Writer() {
    Stop();
}

void Writer::Submit(Apply apply, Done done) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back(Job{std::move(apply), std::move(done)});
            wake_.notify_one();
            return;
        }
    }
    done(Outcome::kFailed, "shutting down");
}

void Writer::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        wake_.notify_one();
    }
    if (thread_.joinable()) {
        thread_.join();
    }
    if (sync_thread_.joinable()) {
        sync_thread_.join();
    }
}

WriterStats Writer::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

std::size_t Writer::queue_depth() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void Writer::Run() {
    for (;;) {
        std::deque<Job> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                writer_done_ = true;  // stopping, and everything queued has been written
                settled_wake_.notify_one();
                return;
            }
            while (!queue_.empty() && batch.size() < max_batch_) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        Settled settled = RunBatch(std::move(batch));
        std::lock_guard lock(mutex_);
        stats_.commands += settled.jobs.size();
        ++stats_.batches;
        if (!settled.committed) {
            ++stats_.failed_commits;
        }
        settled_.push_back(std::move(settled));
        settled_wake_.notify_one();
    }
}

Writer::Settled Writer::RunBatch(std::deque<Job> batch) {
    const std::size_t size = batch.size();
    Settled settled{std::move(batch), std::vector<Outcome>(size, Outcome::kFailed), std::vector<std::string>(size), false};
    try {
        auto tx = store_.BeginWrite(Sync::kDeferred);
        for (std::size_t job_idx = 0; job_idx < size; ++job_idx) {
            tx->Savepoint();
            bool applied = false;
            try {
                applied = settled.jobs[job_idx].apply(*tx);
            } catch (const std::exception& e) {
                settled.errors[job_idx] = e.what();
            }
            if (applied) {
                tx->ReleaseSavepoint();
                settled.outcomes[job_idx] = Outcome::kCommitted;  // once the batch commits
            } else {
                tx->RollbackToSavepoint();
                if (settled.errors[job_idx].empty()) {
                    settled.outcomes[job_idx] = Outcome::kRolledBack;
                }
            }
        }
        tx->Commit();
        settled.committed = true;
    } catch (const std::exception& e) {
        settled.outcomes.assign(size, Outcome::kFailed);  // nothing of the batch was written
        settled.errors.assign(size, e.what());
    }
    return settled;
}

void Writer::RunSyncs() {
    for (;;) {
        std::deque<Settled> ready;
        bool any_committed = false;
        {
            std::unique_lock lock(mutex_);
            settled_wake_.wait(lock, [&] { return writer_done_ || !settled_.empty(); });
            if (settled_.empty()) {
                return;  // the writer has stopped and every batch is answered
            }
            ready.swap(settled_);
            any_committed = std::any_of(ready.begin(), ready.end(), [](const Settled& s) { return s.committed; });
            stats_.syncs += any_committed ? 1 : 0;
        }
        // One sync for every batch committed so far: those waiting here and any the writer
        // committed since. A batch that failed to commit wrote nothing and needs none.
        std::string sync_error;
        if (any_committed) {
            try {
                store_.SyncLog();
            } catch (const std::exception& e) {
                sync_error = e.what();
            }
        }
        for (Settled& settled : ready) {
            Answer(settled, sync_error);
        }
    }
}

void Writer::Answer(Settled& settled, const std::string& sync_error) {
    for (std::size_t job_idx = 0; job_idx < settled.jobs.size(); ++job_idx) {
        Outcome outcome = settled.outcomes[job_idx];
        if (!sync_error.empty() && settled.committed && outcome == Outcome::kCommitted) {
            // Readers may already see it, but a crash may lose it: neither "stored" nor
            // "nothing was changed" would be true.
            settled.jobs[job_idx].done(Outcome::kInDoubt, sync_error);
            continue;
        }
        settled.jobs[job_idx].done(outcome, settled.errors[job_idx]);
    }
}

}  // namespace redress::store
