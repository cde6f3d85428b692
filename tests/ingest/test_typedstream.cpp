// typedstream reader: text from attributedBody blobs built byte by byte, every real blob of the plaso
// chat.db sample against its own `text` column, and malformed input that must fail cleanly.
// GCC 12 at -O3 reports false array-bounds / stringop-overflow errors for small vector inserts of
// initializer lists inlined into these tests (GCC bug 107852 and relatives); the code is in bounds.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
#include "ingest/typedstream.hpp"
#include "support/case_helpers.hpp"
#include "support/test_support.hpp"
#include "typedstream_fixture.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace casegraph;
using namespace casegraph::test::typedstream_fixture;

TEST_SUITE("ingest") {
    TEST_CASE("typedstream extracts the NSString of an attributed body built byte by byte") {
        const auto r = ingest::typedstream::extract_text(attributed_body("Meet at 9, bring the passports"));
        REQUIRE(r.text);
        CHECK(*r.text == "Meet at 9, bring the passports");
        CHECK(r.root_class == "NSMutableAttributedString");
        // A body longer than 127 bytes takes the 0x81 int16 length; UTF-8 (emoji, Arabic) is kept as is.
        std::string long_text(300, 'x');
        long_text += "\xF0\x9F\x98\x80 \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7";
        const auto l = ingest::typedstream::extract_text(attributed_body(long_text));
        REQUIRE(l.text);
        CHECK(*l.text == long_text);
        const auto e = ingest::typedstream::extract_text(attributed_body(""));
        REQUIRE(e.text);
        CHECK(e.text->empty());
    }

    TEST_CASE("typedstream refuses malformed blobs with a reason and never reads past the end") {
        const auto good = attributed_body("hello world");
        // Every truncation fails cleanly (the text ends 12 bytes before the end: shorter cuts lose it).
        for (std::size_t n = 0; n + 12 < good.size(); ++n) {
            const Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
            const auto r = ingest::typedstream::extract_text(cut);
            CHECK_FALSE(r.text);
            CHECK_FALSE(r.error.empty());
        }
        Bytes bad_sig = good;
        bad_sig[3] = 'X';
        CHECK(ingest::typedstream::extract_text(bad_sig).error.find("streamtyped") != std::string::npos);
        // A length that runs past the end.
        Bytes huge = attributed_body("hi");
        const auto plus = std::string(huge.begin(), huge.end()).find("\x01+");
        REQUIRE(plus != std::string::npos);
        huge[plus + 2] = 0x82;
        huge.insert(huge.begin() + static_cast<std::ptrdiff_t>(plus) + 3, {0xFF, 0xFF, 0xFF, 0x7F});
        CHECK(ingest::typedstream::extract_text(huge).error.find("past the end") != std::string::npos);
        // A reference to a class never defined.
        Bytes ref = attributed_body("hi");
        const auto r95 = std::find(ref.begin(), ref.end(), 0x95);
        REQUIRE(r95 != ref.end());
        *r95 = 0xF0;
        CHECK(ingest::typedstream::extract_text(ref).error.find("unknown class") != std::string::npos);
        // Deep nesting of new objects stops at a limit instead of exhausting the stack.
        Bytes deep;
        put(deep, {0x04, 0x0B});
        put(deep, "streamtyped");
        put(deep, {0x81, 0xE8, 0x03});
        put_new_string(deep, "@");
        put(deep, {0x84, 0x84});
        put_new_string(deep, "A");
        put(deep, {0x00, 0x85});
        for (int i = 0; i < 5000; ++i)
            put(deep, {0x92, 0x84, 0x95});
        CHECK_FALSE(ingest::typedstream::extract_text(deep).text);
    }

    TEST_CASE("typedstream decodes every attributedBody of the plaso chat.db to its text column") {
        test::TempDir d;
        const test::SourceDb src(test::sample("ios/plaso_imessage_chat.db"), d.path());
        auto st =
            src.db().prepare("SELECT ROWID, text, attributedBody FROM message WHERE attributedBody IS NOT "
                             "NULL ORDER BY ROWID");
        int n = 0;
        std::vector<std::int64_t> differ;
        while (st.step()) {
            CAPTURE(st.column_int64(0));
            const auto r = ingest::typedstream::extract_text(st.column_blob(2));
            REQUIRE_MESSAGE(r.text, r.error);
            auto text = st.column_text(1);
            if (*r.text != text) {
                // The sample's text column was edited after the fact in two rows: the archived body still
                // says "Microsoft Office" where text says "Open Office". Everything else is identical.
                differ.push_back(st.column_int64(0));
                const auto at = text.find("Open Office");
                REQUIRE(at != std::string::npos);
                text.replace(at, 11, "Microsoft Office");
                CHECK(*r.text == text);
            }
            ++n;
        }
        CHECK(n == src.count("SELECT count(*) FROM message"));
        CHECK(n == 10);
        CHECK(differ == std::vector<std::int64_t>{6, 10});
    }
}
