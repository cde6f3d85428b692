// The controller's Facebook Messenger group with the women ("Flat 2"), as Meta's "Download your
// information" writes it: messages/inbox/flat2_<id>/message_1.json, message_2.json... with 10 000
// messages per file, the newest first (message_1.json holds the latest).
#include "more_formats.hpp"

namespace casegraph::demo::detail {

namespace {

constexpr std::int64_t kPerFile = 10000;

} // namespace

Files write_messenger_json(const std::filesystem::path& root, const Cast& cast, const Plan& plan,
                           std::int64_t n, std::uint64_t seed) {
    const std::string thread = "flat2_7312094821";
    const auto dir = root / "messages" / "inbox" / thread;
    std::filesystem::create_directories(dir);
    Rng rng(seed, static_cast<std::uint64_t>(MoreStream::messenger));
    // Who is in the group: the controller, his recruiter Drago and the victims (their Facebook names).
    const auto members = group_members(cast, false);
    std::string participants = "  \"participants\": [";
    for (std::size_t k = 0; k < members.size(); ++k)
        participants += std::string(k ? "," : "") +
                        "\n    {\n      \"name\": " + json_string(members[k]->name) + "\n    }";
    participants += "\n  ],\n";

    const std::int64_t files = (n + kPerFile - 1) / kPerFile;
    for (std::int64_t f = 0; f < files; ++f) {
        const auto file = dir / ("message_" + std::to_string(f + 1) + ".json");
        auto out = open_text(file);
        out << "{\n" << participants << "  \"messages\": [";
        // Newest first: message_1.json starts with the last message of the thread.
        const std::int64_t hi = n - 1 - f * kPerFile;
        const std::int64_t lo = std::max<std::int64_t>(0, hi - kPerFile + 1);
        for (std::int64_t i = hi; i >= lo; --i) {
            const std::int64_t t = spread_time(plan, i, n, rng);
            const std::size_t m = group_sender(i, members.size(), rng);
            const Contact& who = *members[m];
            const bool boss = m == 0;
            out << (i == hi ? "\n" : ",\n") << "    {\n      \"sender_name\": " << json_string(who.name)
                << ",\n      \"timestamp_ms\": " << t << ",\n      \"content\": "
                << json_string(sms_body(boss ? Role::victim : who.role, boss, rng))
                << ",\n      \"is_geoblocked_for_viewer\": false\n    }";
        }
        out << "\n  ],\n  \"title\": \"Flat 2\",\n  \"is_still_participant\": true,\n"
            << "  \"thread_path\": \"inbox/" << thread << "\",\n  \"magic_words\": [],\n"
            << "  \"joinable_mode\": {\n    \"mode\": 1,\n    \"link\": \"\"\n  }\n}\n";
        finish_text(out, file);
    }
    // Meta's exports name people only: the examiner names the exporting user by the export's own name.
    return {{dir, "meta-json", "controller Facebook account", "meta-json:" + cast.controller.name}};
}

} // namespace casegraph::demo::detail
