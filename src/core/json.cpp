#include "core/json.hpp"

namespace redress::core::json {

std::string EnumeratorToName(std::string_view enumerator) {
    if (enumerator.size() > 1 && enumerator[0] == 'k' && enumerator[1] >= 'A' && enumerator[1] <= 'Z') {
        enumerator.remove_prefix(1);
    }
    std::string out;
    out.reserve(enumerator.size() + 4);
    for (std::size_t pos = 0; pos < enumerator.size(); ++pos) {
        char c = enumerator[pos];
        if (c >= 'A' && c <= 'Z') {
            if (pos != 0) {
                out += '_';
            }
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
}

Result<bj::value> Parse(std::string_view text) {
    boost::system::error_code ec;
    bj::value v = bj::parse(text, ec);
    if (ec) {
        return Fail(InvalidArgument("", "json", "the body is not valid JSON: " + ec.message()));
    }
    return v;
}

}  // namespace redress::core::json
