#pragma once

#include <chrono>

#include "core/time.hpp"

namespace redress::app {

// Where "now" comes from. Core never reads a clock; the adapters ask this one.
class Clock {
public:
    virtual ~Clock() = default;
    virtual core::Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
public:
    core::Timestamp Now() const override {
        return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    }
};

// Real time shifted to start at a chosen instant: lets tests and demos run the server
// "on" a given date while time still passes (REDRESS_NOW).
class ShiftedClock final : public Clock {
public:
    explicit ShiftedClock(core::Timestamp start)
        : offset_(start - SystemClock().Now()) {}

    core::Timestamp Now() const override { return SystemClock().Now() + offset_; }

private:
    std::chrono::microseconds offset_;
};

}  // namespace redress::app
