// Telegram Desktop JSON exports (DOMAIN.md §3.2): a single chat ({name, type, id, messages}) or the whole
// account ({personal_information, contacts, chats, left_chats, ...}). Scanned in one forward pass, each
// message parsed on its own with simdjson On-Demand, so memory is the mapped file plus one message at a
// time: neither a DOM nor a simdjson index of the whole export.
#include "chat_time.hpp"
#include "formats.hpp"
#include "telegram_message.hpp"

namespace casegraph::ingest {
namespace {

namespace tg = telegram;

class TelegramJson final : public Importer {
  public:
    std::string_view format() const override { return "telegram-json"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "Telegram Desktop export (result.json, single chat or whole account)";
    }

    int detect(const Probe& p) const override {
        const auto keys = json_od::top_level_keys(p.head_text());
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
        auto json = json_od::load_json(input);
        auto fail = [&](simdjson::error_code code, std::size_t offset, const std::string& what) {
            return json_od::whole_file_error(input, json.size(), code, offset, what);
        };
        const auto view = json.view();
        tg::Reader reader(input, ctx, std::string_view(view.data(), json.size()), json.size());
        // The export is walked once, front to back: pages behind the walk are given back as it goes.
        reader.on_progress([&json](std::size_t offset) { json.release_before(offset); });
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
