// The reader behind the telegram-json importer: walks a Telegram Desktop export with simdjson On-Demand and
// writes personal information, contacts, chats and messages through the ImportContext. Internal to cg_ingest.
#pragma once

#include "importer.hpp"
#include "json_scan.hpp"
#include "json_values.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <simdjson.h>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace casegraph::ingest::telegram {

using json_od::JsonError;
using json_od::parse_int;
using json_od::scalar;
using json_od::take;
using json_od::to_json;

struct TextEntity {
    std::string type, text, href, user_id;
};

// One element of a `messages` array, copied out of the document (bounded by the message's size).
struct Message {
    std::optional<std::string> id, type, date, date_unixtime, edited, edited_unixtime;
    std::optional<std::string> from, from_id, actor, actor_id, action, title, forwarded_from, saved_from;
    std::optional<std::string> reply_to_message_id, duration_seconds, discard_reason, via_bot;
    std::optional<std::string> photo, file, media_type, mime_type, file_name, sticker_emoji, width, height;
    std::vector<std::string> members;
    std::string text;
    bool has_text = false;
    std::vector<TextEntity> entities;
    nlohmann::json extra = nlohmann::json::object(); // fields this version does not interpret, kept verbatim
    std::vector<std::string> problems;               // why the message is malformed, if it is
};

// Reads one message value. Type-level problems are collected in m.problems; structural errors throw.
void read_message(simdjson::ondemand::value v, Message& m);

struct Chat {
    std::string name, type, id;
    std::string pointer; // "" (single-chat export) or "/chats/list/3"
    bool left = false;
};

class Reader {
  public:
    // `text`: the whole export. It is scanned front to back and each message (and each small section)
    // parsed on its own, so simdjson's buffers are sized to one message, never to the export.
    Reader(const Input& input, ImportContext& ctx, std::string_view text, std::size_t size);
    void run();
    // Where the parser is, for error messages (bytes from the start of the file).
    [[nodiscard]] std::size_t offset();
    // Called with offset() every few hundred messages: the text before it is not read again.
    void on_progress(std::function<void(std::size_t)> f) { progress_ = std::move(f); }

  private:
    void messages(const Chat& chat);
    void chat_list(const std::string& key);
    void chat_object(Chat chat);
    // The next value, parsed on its own. Bytes that are not UTF-8 become U+FFFD: a message says so at
    // its own locator (messages()), any other part of the export here.
    simdjson::ondemand::value element(const char* what);
    void personal_information(simdjson::ondemand::object obj);
    void contacts(simdjson::ondemand::object obj);
    void write_message(const Message& m, const Chat& chat, const std::string& inner);
    void mine_entities(const Message& m, std::int64_t src, nlohmann::json& attrs);
    void media(const Message& m, const std::string& inner, store::EventRecord& e);
    store::EventTime message_time(const Message& m, const std::string& inner, nlohmann::json& attrs);
    std::int64_t party(const std::optional<std::string>& id, const std::optional<std::string>& name,
                       std::int64_t src);
    std::int64_t owner(std::int64_t src);

    const Input& input_;
    ImportContext& ctx_;
    json_od::Scanner scan_;
    json_od::ElementParser parse_;
    std::size_t size_ = 0;
    std::string scope_names_; // "telegram-json:<sha256>": names with no user id, meaningful in this file only
    std::int64_t owner_ = 0;  // the exporting account, when known (personal_information or --owner)
    std::string owner_key_;   // its from_id ("user123"), when known
    std::int64_t placeholder_ = 0; // "owner of <file>" when nothing names the owner
    std::string inferred_owner_;   // a personal chat's non-peer sender: the exporter
    std::int64_t messages_ = 0, service_ = 0, malformed_ = 0, media_missing_ = 0, media_linked_ = 0;
    std::int64_t chats_ = 0, contacts_ = 0, no_unixtime_ = 0;
    std::vector<std::string> skipped_keys_;
    std::unordered_map<std::string, std::string> id_by_name_; // display name -> from_id seen with it
    std::function<void(std::size_t)> progress_;
};

} // namespace casegraph::ingest::telegram
