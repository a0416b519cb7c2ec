#include "store/card_cache.hpp"

namespace redress::store {

std::shared_ptr<const StoredCard> CardCache::Find(std::string_view number) {
    std::lock_guard lock(mutex_);
    auto it = by_number_.find(number);
    if (it == by_number_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->card;
}

std::uint64_t CardCache::Generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

void CardCache::Fill(std::string_view number, std::shared_ptr<const StoredCard> card, std::uint64_t generation) {
    std::lock_guard lock(mutex_);
    if (generation != generation_) {
        return;  // a commit since the read began: what was read may be stale
    }
    PutLocked(number, std::move(card));
}

void CardCache::Publish(std::vector<std::pair<std::string, StoredCard>> changed) {
    std::lock_guard lock(mutex_);
    for (auto& [number, card] : changed) {
        PutLocked(number, std::make_shared<const StoredCard>(std::move(card)));
    }
    ++generation_;
}

Store::CardCacheStats CardCache::stats() const {
    std::lock_guard lock(mutex_);
    return Store::CardCacheStats{hits_, misses_, bytes_};
}

std::size_t CardCache::size() const {
    std::lock_guard lock(mutex_);
    return by_number_.size();
}

void CardCache::PutLocked(std::string_view number, std::shared_ptr<const StoredCard> shared) {
    if (capacity_ == 0) {
        return;  // turned off
    }
    if (auto it = by_number_.find(number); it != by_number_.end()) {
        bytes_ -= Cost(*it->second);
        it->second->card = std::move(shared);
        bytes_ += Cost(*it->second);
        lru_.splice(lru_.begin(), lru_, it->second);
    } else {
        lru_.push_front(Entry{std::string(number), std::move(shared)});
        by_number_.emplace(lru_.front().number, lru_.begin());
        bytes_ += Cost(lru_.front());
    }
    while (bytes_ > capacity_ && !lru_.empty()) {
        bytes_ -= Cost(lru_.back());
        by_number_.erase(lru_.back().number);
        lru_.pop_back();
    }
}

}  // namespace redress::store
