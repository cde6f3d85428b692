// telegram-json maps the export read-only instead of copying it, and gives pages behind the walk back as it
// goes: the SIMDJSON_PADDING bytes past the end must read as padding whatever the file's size modulo the
// page size, a BOM is skipped, and messages far past the released pages still import in full.
#include "chat_fixtures.hpp"

#include <doctest/doctest.h>
#include <regex>
#include <unistd.h>

using namespace casegraph;
using namespace casegraph::test::chats;
using casegraph::test::TempDir;

namespace {

// A single-chat export of `n` messages, padded with trailing blanks (valid JSON) to exactly `size` bytes
// (0: unpadded).
std::string export_of(int n, std::size_t size, bool bom) {
    std::string s = bom ? "\xEF\xBB\xBF" : "";
    s += R"({"name": "Big", "type": "personal_chat", "id": 7, "messages": [)";
    for (int i = 0; i < n; ++i)
        s += std::string(i ? "," : "") + "\n {\"id\": " + std::to_string(i + 1) +
             R"(, "type": "message", "date_unixtime": ")" + std::to_string(1600000000 + i) +
             R"(", "from": "A", "from_id": "user1", "text": "message number )" + std::to_string(i + 1) +
             "\"}";
    s += "]}";
    if (size == 0)
        return s;
    REQUIRE(s.size() <= size);
    s.append(size - s.size(), ' ');
    return s;
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("telegram-json mapped: exports ending at, just before and past a page boundary, with a BOM") {
        const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        // ~0.8 MB: several release steps of the walk (every 512 messages, 256 KiB at a time).
        const int n = 6000;
        const std::size_t base = (export_of(n, 0, true).size() / page + 2) * page;
        for (const std::size_t size : {base, base - 1, base - 63, base + 1}) {
            for (const bool bom : {size % 2 == 0, size % 2 != 0}) {
                if (bom && size != base)
                    continue; // the BOM once is enough
                CAPTURE(size);
                CAPTURE(bom);
                TempDir d;
                const std::string text = export_of(n, size, bom);
                test::write_file(d / "result.json", text);
                auto r = ingest_file(d, d / "result.json");
                REQUIRE(r.report.files.size() == 1);
                CHECK(r.report.files[0].format == "telegram-json");
                CHECK(r.report.files[0].status == "imported");
                // Expected counts from the text itself.
                const std::regex re("\"type\": \"message\"");
                const auto messages =
                    std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator());
                CHECK(count(r.cf.db(), "SELECT count(*) FROM event WHERE kind = 'message'") == messages);
                const auto last = event_at(r.cf.db(), "json:/messages/" + std::to_string(n - 1));
                REQUIRE(last);
                CHECK(last->body == "message number " + std::to_string(n));
                CHECK(event_at(r.cf.db(), "json:/messages/0")->body == "message number 1");
            }
        }
    }
}
