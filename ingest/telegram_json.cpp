// Telegram Desktop JSON exports (DOMAIN.md §3.2): a single chat ({name, type, id, messages}) or the whole
// account ({personal_information, contacts, chats, left_chats, ...}). Read with simdjson On-Demand in one
// forward pass, so memory is the file plus one message at a time, never a DOM of the export.
#include "chat_time.hpp"
#include "formats.hpp"
#include "telegram_message.hpp"

#include <set>

namespace casegraph::ingest {
namespace {

namespace tg = telegram;
namespace sj = simdjson::ondemand;

// Top-level keys of the JSON object at the start of `text` (as far as the probe reaches).
std::set<std::string> top_level_keys(std::string_view text) {
    std::set<std::string> keys;
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        i = 3;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
        ++i;
    if (i >= text.size() || text[i] != '{')
        return keys;
    int depth = 0;
    bool expect_key = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            const std::size_t b = ++i;
            while (i < text.size() && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
            if (i >= text.size())
                break;
            if (depth == 1 && expect_key)
                keys.insert(std::string(text.substr(b, i - b)));
            expect_key = false;
        } else if (c == '{' || c == '[') {
            ++depth;
            expect_key = c == '{' && depth == 1;
        } else if (c == '}' || c == ']') {
            if (--depth <= 0)
                break;
        } else if (c == ',' && depth == 1) {
            expect_key = true;
        }
    }
    return keys;
}

class TelegramJson final : public Importer {
  public:
    std::string_view format() const override { return "telegram-json"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "Telegram Desktop export (result.json, single chat or whole account)";
    }

    int detect(const Probe& p) const override {
        const auto keys = top_level_keys(p.head_text());
        // Meta's "Download your information" JSON also has "messages", next to these.
        if (keys.count("participants") || keys.count("thread_path") || keys.count("magic_words"))
            return 0;
        if (keys.count("personal_information") || keys.count("chats") || keys.count("left_chats"))
            return 90;
        if (keys.count("messages") == 0)
            return 0;
        const auto head = p.head_text();
        for (std::string_view marker : {"\"date_unixtime\"", "\"from_id\"", "\"text_entities\"", "\"_chat\""})
            if (head.find(marker) != std::string_view::npos)
                return 90;
        return 40;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        simdjson::padded_string json;
        if (auto err = simdjson::padded_string::load(input.path.string()).get(json))
            throw InputError("failed", input.display_name + ": cannot be read (" +
                                           std::string(simdjson::error_message(err)) + ")");
        sj::parser parser;
        sj::document doc;
        // A truncated export (a copy cut short, a full disk) is the common way a file is broken: say so.
        auto fail = [&](simdjson::error_code code, std::size_t offset, const std::string& what) {
            if (code == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || code == simdjson::UNCLOSED_STRING)
                return InputError("failed", input.display_name + ": the JSON ends early at byte offset " +
                                                std::to_string(json.size()) + " (the file looks truncated: " +
                                                what + "); nothing from this file was kept");
            return InputError("failed", input.display_name + ": malformed JSON at byte offset " +
                                            std::to_string(offset) + " of " + std::to_string(json.size()) +
                                            " (" + what + "); nothing from this file was kept");
        };
        if (auto err = parser.iterate(json).get(doc))
            throw fail(err, 0, simdjson::error_message(err));
        tg::Reader reader(input, ctx, doc, json.size());
        try {
            reader.run();
        } catch (const tg::JsonError& e) {
            throw fail(e.code(), reader.offset(), e.what());
        }
    }
};

} // namespace

const Importer& telegram_json_importer() {
    static const TelegramJson instance;
    return instance;
}

} // namespace casegraph::ingest
