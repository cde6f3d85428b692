// libFuzzer target: the WhatsApp export line grammar on arbitrary bytes (header parsing, date resolution
// under every order, sender split, body classification, phone and location scanning). Must never crash.
#include "ingest/whatsapp_lines.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace wa = casegraph::ingest::whatsapp;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    wa::DateVotes votes;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto nl = text.find('\n', start);
        const std::string_view line =
            text.substr(start, nl == std::string_view::npos ? text.size() - start : nl - start);
        if (const auto h = wa::parse_header(line)) {
            votes.add(*h);
            for (auto order : {wa::DateOrder::dmy, wa::DateOrder::mdy, wa::DateOrder::ymd})
                (void)wa::to_civil(*h, order);
            const auto split = wa::split_sender(h->rest);
            const auto c = wa::classify(split.text, split.sender.has_value());
            if (c.kind == wa::BodyKind::attachment)
                votes.add_media_name(*h, c.attachment);
            if (split.sender) {
                (void)wa::looks_like_phone(*split.sender);
                (void)wa::is_owner_word(*split.sender);
                (void)wa::clean_name(*split.sender);
            }
        }
        (void)wa::phones_in(line);
        (void)wa::shared_location(line);
        (void)wa::classify(line, false);
        if (nl == std::string_view::npos)
            break;
        start = nl + 1;
    }
    (void)wa::decide_order(votes, wa::DateOrder::unknown);
    return 0;
}
