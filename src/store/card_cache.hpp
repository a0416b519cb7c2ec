#pragma once

// The latest committed card of recently read or written complaints, serialised, so that
// GET /api/v1/complaints/{number} costs no database read (the register's hottest request).
//
// The writer publishes every card it changes once its transaction commits; a reader that
// missed fills the cache with what it read, unless a commit was published since it
// began reading (the card it read may be older than one the writer already published).
// So the cache never holds a card older than the database's.

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/store.hpp"

namespace redress::store {

class CardCache {
public:
    explicit CardCache(std::size_t capacity_bytes) : capacity_(capacity_bytes) {}

    std::shared_ptr<const StoredCard> Find(std::string_view number);

    // Taken before reading from the database after a miss; handed back to Fill.
    std::uint64_t Generation() const;
    void Fill(std::string_view number, std::shared_ptr<const StoredCard> card, std::uint64_t generation);

    // After a commit, from the writer: the changed complaints' cards, keyed by number.
    void Publish(std::vector<std::pair<std::string, StoredCard>> changed);

    Store::CardCacheStats stats() const;
    std::size_t size() const;  // cards held

private:
    struct Entry {
        std::string number;
        std::shared_ptr<const StoredCard> card;
    };
    using Lru = std::list<Entry>;  // most recently used first

    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    void PutLocked(std::string_view number, std::shared_ptr<const StoredCard> card);
    static std::size_t Cost(const Entry& e) { return e.number.size() + e.card->card.size() + e.card->last_hash.size() + 96; }

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    Lru lru_;                                                                   // guarded by mutex_
    std::unordered_map<std::string, Lru::iterator, Hash, std::equal_to<>> by_number_;  // guarded by mutex_
    std::uint64_t generation_ = 0;                                              // guarded by mutex_
    std::size_t bytes_ = 0;                                                     // guarded by mutex_
    std::uint64_t hits_ = 0;                                                    // guarded by mutex_
    std::uint64_t misses_ = 0;                                                  // guarded by mutex_
};

}  // namespace redress::store
