#pragma once

// The one writer (DESIGN.md "Performance core"): commands from any thread are queued,
// and a single thread runs as many as are waiting inside one transaction, each under its
// own savepoint, then commits once. Every command hears its outcome only after that
// commit is durable.
//
// The sync is pipelined: the writer thread commits without waiting for the disk and goes
// on to the next batch, while a second thread syncs the log (once for every batch
// committed since its last sync) and only then answers the batches' commands.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/store.hpp"

namespace redress::store {

struct WriterStats {
    std::uint64_t commands = 0;
    std::uint64_t batches = 0;
    std::uint64_t failed_commits = 0;
    std::uint64_t syncs = 0;  // log syncs, each for one or more committed batches
};

class Writer {
public:
    // Runs inside the batch transaction on the writer thread. Returning false rolls back
    // this command's changes (its savepoint) and leaves the others in the batch alone.
    using Apply = std::function<bool(WriteTx&)>;
    enum class Outcome {
        kCommitted,   // Apply returned true and the batch commit is durable
        kRolledBack,  // Apply returned false: nothing of this command was written
        kFailed,      // Apply threw or the commit failed: nothing was written; see `error`
        kInDoubt,     // committed, but the log's sync failed: it may not survive a crash
    };
    // Called on the syncing thread once the batch's fate is known.
    using Done = std::function<void(Outcome outcome, const std::string& error)>;

    explicit Writer(Store& store, std::size_t max_batch = 512);
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    // Drains the queue, then stops the thread.
    ~Writer();

    // Queues a command. After Stop() it is refused at once: done(kFailed, "shutting down").
    void Submit(Apply apply, Done done);

    // Stops taking commands, finishes those queued, and joins the thread.
    void Stop();

    WriterStats stats() const;
    std::size_t queue_depth() const;

private:
    struct Job {
        Apply apply;
        Done done;
    };

    // A batch whose transaction has ended, waiting for its sync before it is answered.
    struct Settled {
        std::deque<Job> jobs;
        std::vector<Outcome> outcomes;
        std::vector<std::string> errors;
        bool committed = false;
    };

    void Run();
    Settled RunBatch(std::deque<Job> batch);
    void RunSyncs();
    static void Answer(Settled& settled, const std::string& sync_error);

    Store& store_;
    const std::size_t max_batch_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable settled_wake_;
    std::deque<Job> queue_;          // guarded by mutex_
    std::deque<Settled> settled_;    // guarded by mutex_
    bool stopping_ = false;          // guarded by mutex_
    bool writer_done_ = false;       // guarded by mutex_: the writer thread has drained the queue
    WriterStats stats_;              // guarded by mutex_
    std::thread thread_;
    std::thread sync_thread_;
};

}  // namespace redress::store
