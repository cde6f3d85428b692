// Walking a Telegram Desktop export (see telegram_message.hpp). Every value is read once, in document
// order; a message is copied into a small struct first and written inside its own record, so a
// malformed message becomes an error at its JSON pointer and the rest of the export still imports.
// Personal information and contacts are in telegram_account.cpp, reading a message in telegram_fields.cpp.
#include "telegram_message.hpp"

#include "chat_names.hpp"
#include "chat_time.hpp"

namespace casegraph::ingest::telegram {
namespace {

namespace sj = simdjson::ondemand;

// "2019-07-05T16:55:32" as a wall clock.
std::optional<store::Civil> civil_of(std::string_view s) {
    if (s.size() < 19 || s[4] != '-' || s[10] != 'T')
        return std::nullopt;
    const auto ms = store::parse_iso_instant(s.substr(0, 19));
    if (!ms)
        return std::nullopt;
    return store::utc_ms_to_civil(*ms);
}

// Telegram writes ids, sizes and durations as JSON numbers: keep them numbers in attrs when they are.
nlohmann::json number_or_text(const std::string& s) {
    std::int64_t n = 0;
    if (parse_int(s, &n))
        return n;
    return s;
}

std::string dirname_of(std::string_view path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

bool is_personal(std::string_view type) {
    return type == "personal_chat" || type == "bot_chat";
}

} // namespace

Reader::Reader(const Input& input, ImportContext& ctx, std::string_view text, std::size_t size)
    : input_(input), ctx_(ctx), scan_(text), size_(size) {
    scope_names_ = "telegram-json:" + ctx.writer().evidence_sha256();
}

std::size_t Reader::offset() {
    return scan_.pos();
}

std::int64_t Reader::owner(std::int64_t src) {
    if (owner_ != 0)
        return owner_;
    if (!inferred_owner_.empty())
        return ctx_.writer().handle("telegram", inferred_owner_, src).entity_id;
    if (placeholder_ == 0) {
        placeholder_ = ctx_.owner_entity(src);
        if (placeholder_ == 0)
            placeholder_ = ctx_.writer().entity("device", "device-owner:" + ctx_.writer().evidence_sha256(),
                                                "owner of " + input_.display_name, src, "device-owner");
    }
    return placeholder_;
}

std::int64_t Reader::party(const std::optional<std::string>& id, const std::optional<std::string>& name,
                           std::int64_t src) {
    auto& w = ctx_.writer();
    if (id && !id->empty() && name && !name->empty())
        id_by_name_.emplace(*name, *id);
    if (!id && name) {
        // Service messages list members by name only: the account seen under that name in this export.
        if (auto it = id_by_name_.find(*name); it != id_by_name_.end())
            return w.handle("telegram", it->second, src, *name).entity_id;
    }
    if (id && !id->empty())
        return w.handle("telegram", *id, src, name ? std::string_view(*name) : std::string_view(*id))
            .entity_id;
    if (name && !name->empty())
        return w.handle(scope_names_, *name, src, *name).entity_id;
    return 0;
}

simdjson::ondemand::value Reader::element(const char* what) {
    auto v = parse_.parse(scan_.value(), what);
    if (parse_.replaced() > 0 && std::string_view(what) != "message")
        ctx_.warning("json:", std::string(what) + ": " + std::to_string(parse_.replaced()) +
                                  " byte(s) that are not UTF-8 replaced by U+FFFD");
    return v;
}

void Reader::run() {
    if (const char c = scan_.peek(); c != '{') {
        if (c == '\0')
            scan_.fail("a JSON object");
        element("root"); // a malformed text is an error there; else it is JSON, but not an export
        throw InputError("unsupported", input_.display_name + ": the JSON root is not an object");
    }
    if (!ctx_.options().owner.empty()) {
        const auto src = ctx_.writer().source(ctx_.locator("json:"));
        owner_ = ctx_.owner_entity(src);
    }
    Chat single;
    bool saw_messages = false;
    scan_.begin_object();
    std::string key;
    while (scan_.next_key(key)) {
        if (key == "name" || key == "type" || key == "id") {
            auto s = scalar(element(key.c_str()), key.c_str()).value_or("");
            (key == "name" ? single.name : key == "type" ? single.type : single.id) = s;
        } else if (key == "messages") {
            saw_messages = true;
            ++chats_;
            messages(single);
        } else if (key == "personal_information") {
            personal_information(take(element(key.c_str()).get_object(), "personal_information"));
        } else if (key == "contacts") {
            contacts(take(element(key.c_str()).get_object(), "contacts"));
        } else if (key == "chats" || key == "left_chats") {
            chat_list(key);
        } else {
            skipped_keys_.push_back(key);
            scan_.value();
        }
    }
    auto& c = ctx_;
    c.note("export", saw_messages ? "single-chat" : "account");
    c.note("chats", chats_);
    c.note("messages", messages_);
    c.note("service_messages", service_);
    c.note("malformed_messages", malformed_);
    c.note("contacts", contacts_);
    c.note("media_missing", media_missing_);
    c.note("media_linked", media_linked_);
    c.note("messages_without_date_unixtime", no_unixtime_);
    if (!inferred_owner_.empty())
        c.note("exporting_account_inferred",
               inferred_owner_ + " (the sender of a personal chat who is not the chat's peer)");
    if (!skipped_keys_.empty()) {
        // Sections this version does not read (sessions, profile pictures, ...): named, never silent.
        c.note("sections_not_imported", skipped_keys_);
        c.warning("json:", "sections not imported by telegram-json " + std::string("v1") + ": " +
                               nlohmann::json(skipped_keys_).dump());
    }
    if (media_missing_ > 0)
        c.warning("json:", std::to_string(media_missing_) +
                               " media file(s) were not included in the export or are not in this evidence "
                               "(flagged media_missing on their messages)");
}

void Reader::chat_list(const std::string& key) {
    if (scan_.peek() != '{') {
        take(element(key.c_str()).get_object(), key.c_str()); // not an object: the error says so
        return;
    }
    scan_.begin_object();
    std::string k;
    while (scan_.next_key(k)) {
        if (k != "list") {
            scan_.value(); // "about": a description of the section
            continue;
        }
        if (scan_.peek() != '[') {
            take(element("chat list").get_array(), "chat list");
            continue;
        }
        scan_.begin_array();
        std::size_t i = 0;
        while (scan_.next_element()) {
            Chat chat;
            chat.pointer = "/" + key + "/list/" + std::to_string(i++);
            chat.left = key == "left_chats";
            if (scan_.peek() != '{') {
                element("chat"); // malformed JSON fails the file; a well-formed non-object is one bad chat
                ctx_.error("json:" + chat.pointer, input_.display_name + " json:" + chat.pointer +
                                                       ": a chat that is not a JSON object");
                continue;
            }
            ++chats_;
            chat_object(chat);
        }
    }
}

void Reader::chat_object(Chat chat) {
    scan_.begin_object();
    std::string key;
    while (scan_.next_key(key)) {
        if (key == "name" || key == "type" || key == "id") {
            auto s = scalar(element(key.c_str()), key.c_str()).value_or("");
            (key == "name" ? chat.name : key == "type" ? chat.type : chat.id) = s;
        } else if (key == "messages") {
            messages(chat);
        } else {
            scan_.value();
        }
    }
}

void Reader::messages(const Chat& chat) {
    if (scan_.peek() != '[') {
        take(element("messages").get_array(), "messages");
        return;
    }
    scan_.begin_array();
    std::size_t k = 0;
    while (scan_.next_element()) {
        const std::string inner = "json:" + chat.pointer + "/messages/" + std::to_string(k++);
        Message m;
        read_message(element("message"), m);
        if (parse_.replaced() > 0)
            ctx_.warning(inner, std::to_string(parse_.replaced()) +
                                    " byte(s) that are not UTF-8 replaced by U+FFFD");
        ctx_.record(inner, [&] { write_message(m, chat, inner); });
        if (progress_ && k % 512 == 0)
            progress_(offset());
    }
}

store::EventTime Reader::message_time(const Message& m, const std::string& inner, nlohmann::json& attrs) {
    if (m.date_unixtime) {
        std::int64_t s = 0;
        if (!parse_int(*m.date_unixtime, &s))
            throw std::runtime_error(input_.display_name + " " + inner + ": date_unixtime '" +
                                     *m.date_unixtime + "' is not a number of seconds");
        auto t = store::time_from_unix_ms(s * 1000, *m.date_unixtime, "telegram date_unixtime", "s");
        if (m.date) {
            attrs["date_local"] = *m.date; // the exporting computer's wall clock
            if (auto c = civil_of(*m.date)) {
                const std::int64_t diff = store::civil_to_utc_ms(*c, 0) / 1000 - s;
                if (diff % 60 == 0 && diff >= -14 * 3600 && diff <= 14 * 3600)
                    attrs["exporter_utc_offset"] = store::format_offset(static_cast<int>(diff));
            }
        }
        return t;
    }
    ++no_unixtime_;
    if (m.date) {
        if (auto c = civil_of(*m.date))
            return local_event_time(*c, *m.date, ctx_.options().tz, "telegram date", "s", attrs);
        throw std::runtime_error(input_.display_name + " " + inner + ": date '" + *m.date +
                                 "' is not a date");
    }
    ctx_.warning(inner, "message has neither date_unixtime nor date: imported without a time");
    store::EventTime t;
    t.rule = "telegram: no date";
    return t;
}

void Reader::mine_entities(const Message& m, std::int64_t src, nlohmann::json& attrs) {
    auto& w = ctx_.writer();
    nlohmann::json mined = nlohmann::json::array();
    for (const auto& te : m.entities) {
        if (te.type == "phone")
            w.identifier("phone", te.text, src, ctx_.default_region());
        else if (te.type == "email")
            w.identifier("email", te.text, src);
        else if (te.type == "mention_name" && !te.user_id.empty())
            w.handle("telegram", "user" + te.user_id, src, te.text);
        else if (te.type == "mention" && te.text.size() > 1)
            w.handle("telegram-username", te.text.substr(te.text[0] == '@' ? 1 : 0), src, te.text);
        else if (te.type == "link")
            w.identifier("url", te.text, src);
        else if (te.type == "text_link" && !te.href.empty())
            w.identifier("url", te.href, src);
        nlohmann::json j{{"type", te.type}, {"text", te.text}};
        if (!te.href.empty())
            j["href"] = te.href;
        if (!te.user_id.empty())
            j["user_id"] = te.user_id;
        mined.push_back(std::move(j));
    }
    if (!mined.empty())
        attrs["entities"] = std::move(mined);
}

void Reader::media(const Message& m, const std::string& inner, store::EventRecord& e) {
    const std::optional<std::string>& path = m.photo ? m.photo : m.file;
    if (!path)
        return;
    nlohmann::json md{{"kind", m.photo ? "photo" : "file"}, {"path", *path}};
    for (const auto& [k, v] : {std::pair{"media_type", &m.media_type}, std::pair{"mime_type", &m.mime_type},
                               std::pair{"file_name", &m.file_name}, std::pair{"width", &m.width},
                               std::pair{"height", &m.height}, std::pair{"sticker_emoji", &m.sticker_emoji}})
        if (*v)
            md[k] = number_or_text(**v);
    const ArchiveSibling* found = nullptr;
    if (path->rfind("(File not included", 0) != 0 && input_.siblings) {
        const std::string want = dirname_of(input_.member) + *path;
        for (const auto& s : *input_.siblings)
            if (s.path == want)
                found = &s;
    }
    // Not found: "(File not included. Change data exporting settings to download.)", or a path to a file
    // that is not part of this evidence.
    link_or_mark_missing(ctx_, found, e, inner, md, media_linked_, media_missing_);
    e.attrs["media"] = std::move(md);
}

void Reader::write_message(const Message& m, const Chat& chat, const std::string& inner) {
    if (!m.problems.empty()) {
        ++malformed_;
        std::string what;
        for (const auto& p : m.problems)
            what += (what.empty() ? "" : "; ") + p;
        throw std::runtime_error(input_.display_name + " " + inner + ": malformed message (" + what + ")");
    }
    auto& w = ctx_.writer();
    const auto src = w.source(ctx_.locator(inner));
    store::EventRecord e;
    e.app = "telegram";
    e.thread = chat.id.empty() ? chat.name : chat.id;
    e.time = message_time(m, inner, e.attrs);
    if (m.id)
        e.attrs["message_id"] = number_or_text(*m.id);
    if (!chat.name.empty())
        e.attrs["chat_name"] = chat.name;
    if (!chat.type.empty())
        e.attrs["chat_type"] = chat.type;
    if (chat.left)
        e.attrs["left_chat"] = true;
    for (const auto& [k, v] :
         {std::pair{"forwarded_from", &m.forwarded_from}, std::pair{"saved_from", &m.saved_from},
          std::pair{"reply_to_message_id", &m.reply_to_message_id}, std::pair{"via_bot", &m.via_bot},
          std::pair{"edited_local", &m.edited}})
        if (*v)
            e.attrs[k] = **v;
    if (m.edited_unixtime) {
        std::int64_t s = 0;
        if (parse_int(*m.edited_unixtime, &s))
            e.attrs["edited_utc_ms"] = s * 1000;
        else
            e.attrs["edited_unixtime_raw"] = *m.edited_unixtime;
    }
    if (!m.extra.empty())
        e.attrs["extra"] = m.extra;
    if (m.has_text)
        e.body = m.text;
    mine_entities(m, src, e.attrs);

    const bool service = m.type && *m.type == "service";
    const auto& who_id = service ? m.actor_id : m.from_id;
    const auto& who_name = service ? m.actor : m.from;
    const std::int64_t who = party(who_id, who_name, src);
    const std::string peer = is_personal(chat.type) && !chat.id.empty() ? "user" + chat.id : std::string();
    if (!peer.empty() && owner_ == 0 && inferred_owner_.empty() && who_id && !who_id->empty() &&
        *who_id != peer)
        inferred_owner_ = *who_id; // only two accounts write in a personal chat: the peer and the exporter
    // The other side of a personal chat: the peer, or the exporter when the peer wrote.
    std::int64_t other = 0;
    if (!peer.empty())
        other = who_id && *who_id == peer ? owner(src) : w.handle("telegram", peer, src, chat.name).entity_id;
    const std::string me = !owner_key_.empty() ? owner_key_ : inferred_owner_;
    const bool owner_known = owner_ != 0 || !inferred_owner_.empty();
    if (owner_known && who != 0)
        e.direction = (who_id && *who_id == me) || who == owner_ ? "outgoing" : "incoming";
    else
        e.direction = "unknown";

    if (service) {
        ++service_;
        const std::string action = m.action.value_or("");
        e.attrs["action"] = action;
        if (m.title)
            e.attrs["title"] = *m.title;
        if (action == "phone_call" || action == "group_call") {
            e.kind = "call";
            if (m.duration_seconds)
                e.attrs["duration_seconds"] = number_or_text(*m.duration_seconds);
            if (m.discard_reason)
                e.attrs["discard_reason"] = *m.discard_reason;
            if (who != 0)
                e.parties.push_back({who, "caller"});
            if (other != 0 && other != who)
                e.parties.push_back({other, "callee"});
        } else {
            e.kind = "system";
            if (who != 0)
                e.parties.push_back({who, "participant"});
            for (const auto& name : m.members)
                if (auto id = party(std::nullopt, name, src); id != 0 && id != who)
                    e.parties.push_back({id, "participant"});
            if (!m.members.empty())
                e.attrs["members"] = m.members;
        }
        w.event(e, src);
        return;
    }
    if (m.type && *m.type != "message")
        e.attrs["telegram_type"] = *m.type;
    e.kind = "message";
    ++messages_;
    if (who == 0)
        ctx_.warning(inner, "message names no sender (no from/from_id)");
    else
        e.parties.push_back({who, "sender"});
    if (other != 0 && other != who) {
        e.parties.push_back({other, "recipient"});
    } else if (peer.empty() && chat.type != "saved_messages" && owner_ != 0 && who != owner_) {
        e.parties.push_back(
            {owner_, "recipient"}); // a group or channel message the exporting account received
    }
    media(m, inner, e);
    w.event(e, src);
}

} // namespace casegraph::ingest::telegram
