#pragma once

// A store that hands every call to another: a test derives from it and overrides only
// the calls it watches or breaks.

#include <memory>
#include <string_view>

#include "store/store.hpp"

namespace redress::test {

class ForwardingStore : public store::Store {
public:
    explicit ForwardingStore(store::Store& inner) : inner_(inner) {}

    std::unique_ptr<store::ReadTx> Read() override { return inner_.Read(); }
    std::shared_ptr<const store::StoredCard> CurrentCard(std::string_view number) override {
        return inner_.CurrentCard(number);
    }
    CardCacheStats CardCacheUse() const override { return inner_.CardCacheUse(); }
    std::unique_ptr<store::WriteTx> BeginWrite(store::Sync sync) override { return inner_.BeginWrite(sync); }
    void SyncLog() override { inner_.SyncLog(); }
    int SchemaVersion() override { return inner_.SchemaVersion(); }
    int Migrate() override { return inner_.Migrate(); }
    int LatestSchemaVersion() const override { return inner_.LatestSchemaVersion(); }

protected:
    store::Store& inner_;
};

}  // namespace redress::test
