#pragma once

#include <utility>
#include <variant>

#include "core/assert.hpp"
#include "core/error.hpp"

namespace redress::core {

struct Unexpected {
    Error error;
};

inline Unexpected Fail(Error error) {
    return Unexpected{std::move(error)};
}

// A value or an Error. Its API mirrors std::expected (not available with g++ 12 in
// C++20 mode) so that it can later become an alias.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design

    Result(Unexpected failure)  // NOLINT: implicit by design
        : state_(std::in_place_index<1>, std::move(failure.error)) {}

    bool has_value() const { return state_.index() == 0; }

    explicit operator bool() const { return has_value(); }

    T& value() & {
        REDRESS_ASSERT(has_value(), "value() on an error Result");
        return std::get<0>(state_);
    }

    const T& value() const& {
        REDRESS_ASSERT(has_value(), "value() on an error Result");
        return std::get<0>(state_);
    }

    T&& value() && {
        REDRESS_ASSERT(has_value(), "value() on an error Result");
        return std::get<0>(std::move(state_));
    }

    const Error& error() const& {
        REDRESS_ASSERT(!has_value(), "error() on a value Result");
        return std::get<1>(state_);
    }

    Error&& error() && {
        REDRESS_ASSERT(!has_value(), "error() on a value Result");
        return std::get<1>(std::move(state_));
    }

    T& operator*() & { return value(); }

    const T& operator*() const& { return value(); }

    T* operator->() { return &value(); }

    const T* operator->() const { return &value(); }

private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;

    Result(Unexpected failure) : error_(std::move(failure.error)), failed_(true) {}  // NOLINT

    bool has_value() const { return !failed_; }

    explicit operator bool() const { return has_value(); }

    const Error& error() const& {
        REDRESS_ASSERT(failed_, "error() on a value Result");
        return error_;
    }

    Error&& error() && {
        REDRESS_ASSERT(failed_, "error() on a value Result");
        return std::move(error_);
    }

private:
    Error error_;
    bool failed_ = false;
};

using Status = Result<void>;

}  // namespace redress::core

// Propagates an error from an expression yielding Result<T>; otherwise evaluates to nothing.
// The local's name carries the line, so that a REDRESS_TRY inside a lambda passed to
// another REDRESS_TRY does not shadow the outer one.
#define REDRESS_TRY_CONCAT_(a, b) a##b
#define REDRESS_TRY_NAME_(line) REDRESS_TRY_CONCAT_(redress_try_result_, line)
#define REDRESS_TRY(expr) REDRESS_TRY_AT_(expr, REDRESS_TRY_NAME_(__LINE__))
#define REDRESS_TRY_AT_(expr, name)                                \
    do {                                                           \
        auto&& name = (expr);                                      \
        if (!name.has_value()) {                                   \
            return ::redress::core::Fail(std::move(name).error()); \
        }                                                          \
    } while (false)
