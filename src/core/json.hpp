#pragma once

// Conversion between described C++ types (BOOST_DESCRIBE_STRUCT / _ENUM) and JSON.
// Writing emits every member, with an empty optional as null, so that the card and the
// event payloads keep a stable shape. Reading tolerates missing members (they keep their
// defaults, which lets old events be read after a field is added) and reports the first
// type error with its path, e.g. `contact.email` with rule `type`.

#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/money.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace redress::core::json {

namespace bj = boost::json;

// Enumerator kInPerson <-> "in_person".
std::string EnumeratorToName(std::string_view enumerator);

template <class E>
std::string_view EnumName(E value) {
    static_assert(boost::describe::has_describe_enumerators<E>::value);
    // Names are computed once per enum type.
    static const auto kNames = [] {
        std::vector<std::pair<E, std::string>> names;
        boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
            names.emplace_back(d.value, EnumeratorToName(d.name));
        });
        return names;
    }();
    for (const auto& [enumerator, name] : kNames) {
        if (enumerator == value) {
            return name;
        }
    }
    return "unknown";
}

template <class E>
std::optional<E> EnumFromName(std::string_view name) {
    std::optional<E> found;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
        if (!found && EnumName<E>(d.value) == name) {
            found = d.value;
        }
    });
    return found;
}

// "letter, fax, email" — for error messages.
template <class E>
std::string EnumNames() {
    std::string out;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
        if (!out.empty()) {
            out += ", ";
        }
        out += EnumName<E>(d.value);
    });
    return out;
}

// ---- writing ----

inline void ToJson(bj::value& out, const std::string& v) { out = bj::string(v); }

inline void ToJson(bj::value& out, bool v) { out = v; }

inline void ToJson(bj::value& out, double v) { out = v; }

inline void ToJson(bj::value& out, const bj::value& v) { out = v; }

inline void ToJson(bj::value& out, const bj::object& v) { out = v; }

inline void ToJson(bj::value& out, Timestamp v) { out = bj::string(FormatRfc3339(v)); }

inline void ToJson(bj::value& out, Date v) { out = bj::string(FormatDate(v)); }

inline void ToJson(bj::value& out, Money v) { out = bj::string(FormatMoney(v)); }

template <class T>
    requires std::is_integral_v<T> && (!std::is_same_v<T, bool>)
void ToJson(bj::value& out, T v) {
    out = static_cast<std::int64_t>(v);
}

template <class E>
    requires boost::describe::has_describe_enumerators<E>::value
void ToJson(bj::value& out, E v) {
    out = bj::string(EnumName(v));
}

template <class T>
void ToJson(bj::value& out, const std::optional<T>& v);

template <class T>
void ToJson(bj::value& out, const std::vector<T>& v);

template <class T>
    requires boost::describe::has_describe_members<T>::value
void ToJson(bj::value& out, const T& v);

// Own members first, then each described base's: a card starts with its number, not
// with the registration fields it inherits.
template <class T>
    requires boost::describe::has_describe_members<T>::value
void WriteMembers(bj::object& obj, const T& v) {
    boost::mp11::mp_for_each<
        boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto d) {
        ToJson(obj[d.name], v.*d.pointer);
    });
    boost::mp11::mp_for_each<boost::describe::describe_bases<T, boost::describe::mod_public>>(
        [&](auto b) {
            using Base = typename decltype(b)::type;
            WriteMembers(obj, static_cast<const Base&>(v));
        });
}

template <class T>
    requires boost::describe::has_describe_members<T>::value
void ToJson(bj::value& out, const T& v) {
    WriteMembers(out.emplace_object(), v);
}

template <class T>
void ToJson(bj::value& out, const std::optional<T>& v) {
    if (v) {
        ToJson(out, *v);
    } else {
        out = nullptr;
    }
}

template <class T>
void ToJson(bj::value& out, const std::vector<T>& v) {
    bj::array& arr = out.emplace_array();
    arr.reserve(v.size());
    for (const auto& item : v) {
        ToJson(arr.emplace_back(nullptr), item);
    }
}

template <class T>
bj::value ToValue(const T& v) {
    bj::value out;
    ToJson(out, v);
    return out;
}

template <class T>
std::string ToText(const T& v) {
    return bj::serialize(ToValue(v));
}

// ---- reading ----

struct ReadOptions {
    bool reject_unknown = false;  // API input: a misspelt member is an error, not silence
};

inline Status TypeError(std::string_view path, std::string_view expected) {
    return Fail(InvalidArgument(std::string(path),
                                "type",
                                std::string(path.empty() ? "body" : path) + " must be " +
                                    std::string(expected)));
}

inline std::string JoinPath(std::string_view path, std::string_view name) {
    return path.empty() ? std::string(name) : std::string(path) + "." + std::string(name);
}

inline Status FromJson(const bj::value& in, std::string& out, std::string_view path, ReadOptions) {
    if (!in.is_string()) {
        return TypeError(path, "a string");
    }
    out.assign(in.get_string().data(), in.get_string().size());
    return {};
}

inline Status FromJson(const bj::value& in, bool& out, std::string_view path, ReadOptions) {
    if (!in.is_bool()) {
        return TypeError(path, "true or false");
    }
    out = in.get_bool();
    return {};
}

inline Status FromJson(const bj::value& in, double& out, std::string_view path, ReadOptions) {
    if (!in.is_number()) {
        return TypeError(path, "a number");
    }
    out = in.to_number<double>();
    return {};
}

inline Status FromJson(const bj::value& in, bj::value& out, std::string_view, ReadOptions) {
    out = in;
    return {};
}

inline Status FromJson(const bj::value& in, bj::object& out, std::string_view path, ReadOptions) {
    if (!in.is_object()) {
        return TypeError(path, "an object");
    }
    out = in.get_object();
    return {};
}

template <class T>
    requires std::is_integral_v<T> && (!std::is_same_v<T, bool>)
Status FromJson(const bj::value& in, T& out, std::string_view path, ReadOptions) {
    boost::system::error_code ec;
    auto v = in.to_number<T>(ec);
    if (ec) {
        return TypeError(path, "an integer");
    }
    out = v;
    return {};
}

inline Status FromJson(const bj::value& in, Timestamp& out, std::string_view path, ReadOptions) {
    std::optional<Timestamp> t;
    if (in.is_string()) {
        t = ParseRfc3339(in.get_string());
    }
    if (!t) {
        return Fail(InvalidArgument(std::string(path),
                                    "rfc3339",
                                    std::string(path) +
                                        " must be an RFC 3339 date-time, e.g. 2026-11-23T09:30:00Z"));
    }
    out = *t;
    return {};
}

inline Status FromJson(const bj::value& in, Date& out, std::string_view path, ReadOptions) {
    std::optional<Date> d;
    if (in.is_string()) {
        d = ParseDate(in.get_string());
    }
    if (!d) {
        return Fail(InvalidArgument(
            std::string(path), "date", std::string(path) + " must be a date, YYYY-MM-DD"));
    }
    out = *d;
    return {};
}

inline Status FromJson(const bj::value& in, Money& out, std::string_view path, ReadOptions) {
    std::optional<Money> m;
    if (in.is_string()) {
        m = ParseMoney(in.get_string());
    }
    if (!m) {
        return Fail(InvalidArgument(std::string(path), "money",
                                    std::string(path) + " must be an amount as a string, e.g. \"1250.50\""));
    }
    out = *m;
    return {};
}

template <class E>
    requires boost::describe::has_describe_enumerators<E>::value
Status FromJson(const bj::value& in, E& out, std::string_view path, ReadOptions) {
    std::optional<E> v;
    if (in.is_string()) {
        v = EnumFromName<E>(in.get_string());
    }
    if (!v) {
        return Fail(InvalidArgument(
            std::string(path), "enum", std::string(path) + " must be one of: " + EnumNames<E>()));
    }
    out = *v;
    return {};
}

template <class T>
Status FromJson(const bj::value& in, std::optional<T>& out, std::string_view path, ReadOptions o);

template <class T>
Status FromJson(const bj::value& in, std::vector<T>& out, std::string_view path, ReadOptions o);

template <class T>
    requires boost::describe::has_describe_members<T>::value
bool IsMemberName(std::string_view key) {
    bool known = false;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public |
                                                                      boost::describe::mod_inherited>>(
        [&](auto d) { known = known || key == d.name; });
    return known;
}

template <class T>
    requires boost::describe::has_describe_members<T>::value
Status FromJson(const bj::value& in, T& out, std::string_view path, ReadOptions options) {
    if (!in.is_object()) {
        return TypeError(path, "an object");
    }
    const bj::object& obj = in.get_object();
    if (options.reject_unknown) {
        for (const auto& member : obj) {
            if (!IsMemberName<T>(member.key())) {
                std::string field = JoinPath(path, member.key());
                return Fail(InvalidArgument(field, "unknown", field + " is not a known field"));
            }
        }
    }
    Status status;
    boost::mp11::mp_for_each<boost::describe::describe_members<
        T, boost::describe::mod_public | boost::describe::mod_inherited>>([&](auto d) {
        if (!status) {
            return;
        }
        if (const bj::value* member = obj.if_contains(d.name)) {
            status = FromJson(*member, out.*d.pointer, JoinPath(path, d.name), options);
        }
    });
    return status;
}

template <class T>
Status FromJson(const bj::value& in, std::optional<T>& out, std::string_view path, ReadOptions o) {
    if (in.is_null()) {
        out.reset();
        return {};
    }
    T v{};
    REDRESS_TRY(FromJson(in, v, path, o));
    out = std::move(v);
    return {};
}

template <class T>
Status FromJson(const bj::value& in, std::vector<T>& out, std::string_view path, ReadOptions o) {
    if (!in.is_array()) {
        return TypeError(path, "an array");
    }
    out.clear();
    out.reserve(in.get_array().size());
    std::size_t item_idx = 0;
    for (const auto& item : in.get_array()) {
        out.emplace_back();
        REDRESS_TRY(FromJson(item, out.back(), std::string(path) + "[" + std::to_string(item_idx) + "]", o));
        ++item_idx;
    }
    return {};
}

template <class T>
Result<T> FromValue(const bj::value& in, ReadOptions options = {}) {
    T out{};
    auto status = FromJson(in, out, "", options);
    if (!status) {
        return Fail(std::move(status).error());
    }
    return out;
}

// Parses text as JSON; a syntax error is kInvalidArgument with rule "json".
Result<bj::value> Parse(std::string_view text);

}  // namespace redress::core::json
