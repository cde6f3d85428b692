// Builds typedstream blobs byte by byte for tests (an NSMutableAttributedString as Messages archives it).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace casegraph::test::typedstream_fixture {

using Bytes = std::vector<unsigned char>;

inline void put(Bytes& b, std::initializer_list<int> bytes) {
    for (const int x : bytes)
        b.push_back(static_cast<unsigned char>(x));
}
inline void put(Bytes& b, std::string_view s) {
    b.insert(b.end(), s.begin(), s.end());
}
// typedstream integer: one signed byte below 0x81, else 0x81 + int16 little-endian.
inline void put_len(Bytes& b, std::size_t n) {
    if (n < 0x80)
        put(b, {static_cast<int>(n)});
    else
        put(b, {0x81, static_cast<int>(n & 0xFF), static_cast<int>((n >> 8) & 0xFF)});
}
inline void put_new_string(Bytes& b, std::string_view s) {
    put(b, {0x84});
    put_len(b, s.size());
    put(b, s);
}

// NSMutableAttributedString holding an NSMutableString, as Messages archives a body (iOS 16+), followed
// by the start of an attribute run the reader never needs.
inline Bytes attributed_body(std::string_view text) {
    Bytes b;
    put(b, {0x04});
    put_len(b, 11);
    put(b, "streamtyped");
    put(b, {0x81, 0xE8, 0x03}); // system version 1000
    put_new_string(b, "@");     // type group "@"  (shared string #0)
    put(b, {0x84});             // new object      (object #0)
    put(b, {0x84});             // new class       (object #1)
    put_new_string(b, "NSMutableAttributedString");
    put(b, {0x00, 0x84}); // version 0; superclass: new class (object #2)
    put_new_string(b, "NSAttributedString");
    put(b, {0x00, 0x84}); // superclass: new class (object #3)
    put_new_string(b, "NSObject");
    put(b, {0x00, 0x85}); // end of the chain
    put(b, {0x92});       // type group: reference to shared string #0 ("@")
    put(b, {0x84, 0x84}); // new object (#4) of a new class (#5)
    put_new_string(b, "NSMutableString");
    put(b, {0x01, 0x84});
    put_new_string(b, "NSString");
    put(b, {0x01, 0x95});   // superclass: reference to object #3 (NSObject)
    put_new_string(b, "+"); // type group "+": length and bytes
    put_len(b, text.size());
    put(b, text);
    put(b, {0x86}); // end of the NSMutableString
    put_new_string(b, "iI");
    put(b, {0x01, 0x81, 0x10, 0x00}); // attribute run: one run of 16 characters...
    return b;
}

} // namespace casegraph::test::typedstream_fixture
