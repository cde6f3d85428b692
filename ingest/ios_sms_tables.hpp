// The tables of an iOS Messages sms.db that the ios-sms importer reads before `message`: handles, chats
// with their participants, which chat each message is in, tapbacks and attachment metadata. Held in
// flat vectors and hash maps keyed by ROWID, so the one pass over `message` looks each row up cheaply.
#pragma once

#include "importer.hpp"
#include "store/sqlite.hpp"
#include "store/writer.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace casegraph::ingest::ios_sms {

struct Handle {
    std::string id; // E.164, an email (Apple ID) or a short code / sender name
    bool email = false;
    store::RegionHint region; // the row's country when it names a phone region, else the evidence's
};

struct Chat {
    std::string guid, identifier, display_name;
    std::vector<std::int64_t> handles;
};

// Tapbacks (reactions) are rows of their own pointing at the message they react to.
struct Tapback {
    std::int64_t rowid = 0;
    std::int64_t type = 0;
    std::int64_t handle_id = 0;
    bool from_me = false;
    std::int64_t date = 0;
    std::string locator;
};

[[nodiscard]] bool is_tapback(std::int64_t t);
[[nodiscard]] std::string_view tapback_name(std::int64_t t);

using Handles = std::unordered_map<std::int64_t, Handle>;
[[nodiscard]] Handles read_handles(const store::Db& db, const std::set<std::string>& cols,
                                   ImportContext& ctx);
[[nodiscard]] std::unordered_map<std::int64_t, Chat> read_chats(const store::Db& db, ImportContext& ctx);

// Which chat each message is in: the first chat (lowest chat_id) of chat_message_join, else the chat of
// its "Recently Deleted" row (chat_recoverable_message_join, iOS 16+), with that row's delete date.
class ChatIndex {
  public:
    // Reads both joins and writes their notes (rows without a message, messages in several chats,
    // recently deleted messages).
    void read(const store::Db& db, ImportContext& ctx);
    [[nodiscard]] std::optional<std::int64_t> chat_of(std::int64_t message) const;
    // The delete_date (0 when none) of a message in "Recently Deleted", or nullopt.
    [[nodiscard]] std::optional<std::int64_t> recoverable(std::int64_t message) const;

  private:
    struct Deleted {
        std::int64_t message = 0, chat = 0, date = 0;
    };
    std::vector<std::pair<std::int64_t, std::int64_t>> chat_of_; // (message, chat), sorted by message
    std::vector<Deleted> recoverable_;                           // sorted by message
};

// Tapbacks keyed by the GUID of the message they react to (ordered: unattached ones are reported in
// GUID order); `count` is how many. `locator_of` gives a row's inner locator.
using Tapbacks = std::map<std::string, std::vector<Tapback>>;
[[nodiscard]] Tapbacks read_tapbacks(const store::Db& db, const std::set<std::string>& mcols,
                                     const std::function<std::string(std::int64_t)>& locator_of,
                                     std::int64_t& count);
// The "tapbacks" attribute of a message that has reactions.
[[nodiscard]] nlohmann::json tapbacks_json(const std::vector<Tapback>& list, const Handles& handles,
                                           const ImportContext& ctx);

// Attachment metadata per message (message_attachment_join + attachment), as the attrs carry it.
[[nodiscard]] std::unordered_map<std::int64_t, nlohmann::json> read_attachments(const store::Db& db,
                                                                                ImportContext& ctx);

} // namespace casegraph::ingest::ios_sms
