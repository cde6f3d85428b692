// libFuzzer target: a Telegram Desktop HTML page on arbitrary bytes. The page reader (our scanner of the
// regular layout, libxml2's HTML parser in SAX mode, the captured subtrees, text and media extraction) and
// the date-title and separator parsers run directly, and the page read by read_page must equal the page
// read with libxml2 alone (the scanner may only take pages libxml2 reads the same); one input in eight (by
// size) also goes through the real ingest loop with --format telegram-html. Must never crash; failures of
// the input are expected and fine.
#include "fuzz_android_common.hpp"
#include "ingest/telegram_html_page.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace th = casegraph::ingest::telegram_html;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto page = th::read_page(text);
    if (!(page == th::read_page_libxml2(text)))
        __builtin_trap(); // the regular-layout scanner disagrees with libxml2
    for (const auto& m : page.messages) {
        (void)th::message_number(m.id);
        if (m.date_title)
            (void)th::parse_stamp(*m.date_title);
        (void)th::parse_day(m.service_text);
    }
    (void)th::parse_stamp(text.substr(0, 64));
    if (size % 8 != 0)
        return 0;
    return casegraph::fuzz::run_android_importer("telegram-html", data, size, "messages.html");
}
