// libFuzzer target for the typedstream reader (iOS attributedBody): any bytes give text or an error,
// never a read past the buffer, and text implies no error.
#include "ingest/typedstream.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto r = casegraph::ingest::typedstream::extract_text(std::span<const unsigned char>(data, size));
    if (r.text.has_value() == !r.error.empty())
        __builtin_trap(); // exactly one of text and error
    if (r.text && r.text->size() > size)
        __builtin_trap();
    return 0;
}
