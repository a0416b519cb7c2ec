#include "store/writer.hpp"

#include <exception>

namespace redress::store {

Writer::Writer(Store& store, std::size_t max_batch)
    : store_(store), max_batch_(max_batch), thread_([this] { Run(); }) {}

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
    std::deque<Job> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping, and everything queued has been written
            }
            while (!queue_.empty() && batch.size() < max_batch_) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        RunBatch(batch);
        batch.clear();
    }
}

void Writer::RunBatch(std::deque<Job>& batch) {
    std::vector<char> applied(batch.size(), 0);
    std::vector<std::string> errors(batch.size());
    bool committed = false;
    std::string commit_error;
    try {
        auto tx = store_.BeginWrite();
        for (std::size_t job_idx = 0; job_idx < batch.size(); ++job_idx) {
            tx->Savepoint();
            try {
                applied[job_idx] = batch[job_idx].apply(*tx) ? 1 : 0;
            } catch (const std::exception& e) {
                errors[job_idx] = e.what();
            }
            if (applied[job_idx]) {
                tx->ReleaseSavepoint();
            } else {
                tx->RollbackToSavepoint();
            }
        }
        tx->Commit();
        committed = true;
    } catch (const std::exception& e) {
        commit_error = e.what();
    }
    {
        std::lock_guard lock(mutex_);
        stats_.commands += batch.size();
        ++stats_.batches;
        if (!committed) {
            ++stats_.failed_commits;
        }
    }
    for (std::size_t job_idx = 0; job_idx < batch.size(); ++job_idx) {
        Outcome outcome = Outcome::kFailed;
        const std::string* error = &commit_error;
        if (committed) {
            error = &errors[job_idx];
            if (applied[job_idx]) {
                outcome = Outcome::kCommitted;
            } else if (errors[job_idx].empty()) {
                outcome = Outcome::kRolledBack;
            }
        }
        batch[job_idx].done(outcome, *error);
    }
}

}  // namespace redress::store
