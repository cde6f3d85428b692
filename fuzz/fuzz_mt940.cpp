// libFuzzer target: the MT940 splitter and field parsers on arbitrary bytes. They may only throw
// FieldError; anything else (a crash, a sanitizer report, another exception) is a bug.
#include "ingest/mt940_fields.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {

using namespace casegraph::ingest;

void parse_field(const mt940::Item& it) {
    try {
        if (it.tag == "61")
            (void)mt940::parse_61(it.value);
        else if (it.tag == "86")
            (void)mt940::parse_86(it.value);
        else if (it.tag.size() >= 2 && (it.tag[0] == '6'))
            (void)mt940::parse_balance(it.value);
    } catch (const mt940::FieldError&) {
        // bad input, reported as such: fine
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    mt940::Splitter sp;
    std::vector<mt940::Item> items;
    int no = 0;
    std::size_t p = 0;
    while (p < text.size()) {
        const auto nl = text.find('\n', p);
        const auto line = text.substr(p, nl == std::string_view::npos ? std::string_view::npos : nl - p);
        sp.feed(line, ++no, items);
        for (const auto& it : items)
            if (it.kind == mt940::Item::Kind::field)
                parse_field(it);
        items.clear();
        if (nl == std::string_view::npos)
            break;
        p = nl + 1;
    }
    sp.finish(items);
    for (const auto& it : items)
        if (it.kind == mt940::Item::Kind::field)
            parse_field(it);
    // The parsers on the raw bytes too, so field values the splitter would never produce are covered.
    for (const char* tag : {"61", "86", "60F"}) {
        mt940::Item it;
        it.tag = tag;
        it.value = std::string(text);
        parse_field(it);
    }
    return 0;
}
