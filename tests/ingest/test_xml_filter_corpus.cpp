// The backup-XML character filter on its frozen fuzz finds (tests/corpus/xml_filter): fed in two chunks
// split at every point, it gives exactly what one whole feed gives.
#include "ingest/filtered_xml.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace casegraph;

TEST_SUITE("ingest") {
    TEST_CASE("the XML character filter decides the same whatever the chunking, on every frozen fuzz find") {
        const auto dir = test::test_data_dir() / "corpus" / "xml_filter";
        REQUIRE(std::filesystem::is_directory(dir));
        int files = 0;
        for (const auto& e : std::filesystem::directory_iterator(dir)) {
            const std::string bytes = test::read_file(e.path());
            // The fuzz target's layout: the first byte picks the split, the rest is the input.
            const std::string_view all = std::string_view(bytes).substr(bytes.empty() ? 0 : 1);
            std::string whole;
            ingest::XmlCharFilter a;
            a.feed(all, true, whole);
            for (std::size_t cut = 0; cut <= all.size(); ++cut) {
                std::string parts;
                ingest::XmlCharFilter b;
                b.feed(all.substr(0, cut), false, parts);
                b.feed(all.substr(cut), true, parts);
                INFO(e.path().filename().string() << " split at " << cut);
                CHECK(parts == whole);
                CHECK(b.replaced() == a.replaced());
            }
            ++files;
        }
        CHECK(files >= 1);
    }
    TEST_CASE(
        "a numeric character reference cut exactly at the digit cap still completes in the next chunk") {
        const std::string in =
            "<a>&#00000000000001;</a>"; // 14 digits: the ';' sits at offset 16 of the reference
        std::string whole;
        ingest::XmlCharFilter a;
        a.feed(in, true, whole);
        CHECK(a.replaced() == 1); // U+0001 is not an XML character
        const auto amp = in.find('&');
        std::string parts;
        ingest::XmlCharFilter b;
        b.feed(std::string_view(in).substr(0, amp + 16), false, parts);
        b.feed(std::string_view(in).substr(amp + 16), true, parts);
        CHECK(parts == whole);
        CHECK(b.replaced() == 1);
    }
}
