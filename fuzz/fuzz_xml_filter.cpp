// libFuzzer target for the XML character filter of the backup importer: any bytes, split into chunks at
// any point, give the same output as one chunk, and the output holds no raw C0 control but tab/CR/LF.
#include "ingest/filtered_xml.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::size_t cut = data[0] % size;
    const std::string_view all(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string whole, parts;
    casegraph::ingest::XmlCharFilter a, b;
    a.feed(all, true, whole);
    const auto split = cut < all.size() ? cut : all.size();
    b.feed(all.substr(0, split), false, parts);
    b.feed(all.substr(split), true, parts);
    if (whole != parts || a.replaced() != b.replaced())
        __builtin_trap();
    for (const char c : whole) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && u != 0x9 && u != 0xA && u != 0xD)
            __builtin_trap();
    }
    return 0;
}
