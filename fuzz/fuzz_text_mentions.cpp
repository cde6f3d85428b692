// libFuzzer target for the text miners: IBANs and phone numbers found in message bodies
// (store::find_text_mentions) and amounts written in them (graph::amounts_in_text). Any bytes, with any
// region, must give a result, and every mention must be a span of the text it was found in.
#include "graph/indicators.hpp"
#include "store/mentions.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

void require(bool ok) {
    if (!ok)
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    // First byte: how many of the following bytes (0-3) are the region; the rest is the message text.
    const std::size_t region_len = std::min<std::size_t>(data[0] % 4, size - 1);
    const std::string region(reinterpret_cast<const char*>(data + 1), region_len);
    const std::string text(reinterpret_cast<const char*>(data + 1 + region_len), size - 1 - region_len);
    std::size_t end = 0;
    for (const auto& m : casegraph::store::find_text_mentions(text, region)) {
        require(!m.raw.empty() && !m.value.empty());
        require(m.offset >= end && m.offset + m.raw.size() <= text.size());
        require(text.compare(m.offset, m.raw.size(), m.raw) == 0);
        require(m.type == "iban" || m.type == "phone");
        end = m.offset + m.raw.size();
    }
    for (const auto a : casegraph::graph::amounts_in_text(text))
        require(a >= 0);
    return 0;
}
