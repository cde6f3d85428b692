// libFuzzer target for the vCard line layer: unfolding, property parsing and value decoding of any
// bytes must not crash, and decoded values must be valid UTF-8 (the store keeps text as UTF-8).
#include "ingest/vcard_lines.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vcard = casegraph::ingest::vcard;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto lines = vcard::unfold(text);
    int last = 0;
    for (const auto& l : lines) {
        if (l.line <= last)
            __builtin_trap(); // line numbers strictly increase
        last = l.line;
        const auto p = vcard::parse_property(l);
        if (!p)
            continue;
        const auto d = vcard::decode_value(*p);
        std::string enc = p->param("ENCODING").value_or("");
        for (auto& c : enc)
            c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        if (enc != "BASE64" && enc != "B" && !vcard::valid_utf8(d.text))
            __builtin_trap();
        (void)vcard::split_components(d.text, ';');
        (void)vcard::split_components(d.text, ',');
    }
    return 0;
}
