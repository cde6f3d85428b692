// whatsapp-db, new schema (WhatsApp 2.22+): `message` rows with their chat (`chat` → `jid`), sender
// (`sender_jid_row_id`, 0 in one-to-one chats) and side tables for media, location and system actions.
// `timestamp` is ms since the Unix epoch.
#include "sqlite_util.hpp"
#include "whatsapp_common.hpp"
#include "whatsapp_db.hpp"

#include <map>
#include <optional>

namespace casegraph::ingest {
namespace {

// message.message_type (not exhaustive; unknown values are kept as numbers).
std::string_view message_type_name(std::int64_t t) {
    switch (t) {
    case 0:
        return "text";
    case 1:
        return "image";
    case 2:
        return "audio";
    case 3:
        return "video";
    case 4:
        return "vcard";
    case 5:
        return "location";
    case 7:
        return "system";
    case 9:
        return "document";
    case 10:
        return "missed_call";
    case 13:
        return "gif";
    case 15:
        return "deleted";
    case 16:
        return "live_location";
    case 20:
        return "sticker";
    case 42:
    case 43:
        return "view_once";
    case 90:
        return "video_call";
    case 99:
        return "album";
    default:
        return "other";
    }
}

struct Chat {
    std::string jid;
    std::optional<std::string> subject;
};

// One optional side-table lookup by message_row_id; absent tables read as "no row".
class SideTable {
  public:
    SideTable(const store::Db& db, const std::string& table, const std::vector<std::string>& wanted) {
        if (!has_table(db, table))
            return;
        const auto cols = table_columns(db, table);
        if (cols.count("message_row_id") == 0)
            return;
        names_ = wanted;
        table_ = table;
        st_.emplace(db.prepare("SELECT " + select_list(cols, wanted) + " FROM \"" + table +
                               "\" WHERE message_row_id = ?1"));
    }
    // The row's non-NULL columns as JSON (empty when there is no row). Bytes of its text that are not
    // UTF-8 are counted in the message's `cells`.
    nlohmann::json get(std::int64_t message_id, TextCells& cells) {
        nlohmann::json out = nlohmann::json::object();
        if (!st_)
            return out;
        st_->bind(1, message_id);
        if (st_->step())
            for (int i = 0; i < static_cast<int>(names_.size()); ++i) {
                const auto& name = names_[static_cast<std::size_t>(i)];
                if (st_->column_is_null(i))
                    continue;
                if (name == "latitude" || name == "longitude")
                    out[name] = st_->column_double(i);
                else if (name == "file_size" || name == "media_duration" || name == "action_type" ||
                         (name.size() > 7 && name.substr(name.size() - 7) == "_row_id"))
                    out[name] = st_->column_int64(i);
                else {
                    TextCells text(*st_);
                    out[name] = text.text(i);
                    cells.add(text.replaced(), table_ + "." + name);
                }
            }
        st_->reset();
        return out;
    }

  private:
    std::vector<std::string> names_;
    std::string table_;
    std::optional<store::Statement> st_;
};

// A number change ("X changed their phone number to a new number") links the old and the new identity
// with a date (DOMAIN §5.4 rule 5): the system message keeps old_jid/new_jid, and a second event of kind
// identity_change (seq 1, same source row) joins both parties so the graph connects them.
std::optional<store::EventRecord> number_change_event(store::ImportWriter& w, store::EventRecord& system,
                                                      const nlohmann::json& row,
                                                      const std::map<std::int64_t, std::string>& jids,
                                                      std::int64_t src, const std::string& inner,
                                                      ImportContext& ctx) {
    std::string old_jid, new_jid;
    for (const auto& [key, out] :
         {std::pair<const char*, std::string*>{"old_jid_row_id", &old_jid}, {"new_jid_row_id", &new_jid}}) {
        if (!row.contains(key))
            continue;
        const auto id = row[key].get<std::int64_t>();
        if (const auto j = jids.find(id); j != jids.end())
            *out = j->second;
        else
            ctx.warning(inner, std::string("message_system_number_change.") + key + " " + std::to_string(id) +
                                   " is not in jid");
    }
    if (!old_jid.empty())
        system.attrs["old_jid"] = old_jid;
    if (!new_jid.empty())
        system.attrs["new_jid"] = new_jid;
    if (old_jid.empty() || new_jid.empty())
        return std::nullopt; // one side unknown: the system message says what is known
    store::EventRecord change;
    change.kind = "identity_change";
    change.app = "whatsapp";
    change.thread = system.thread;
    change.time = system.time;
    change.seq = 1;
    change.attrs = {{"change", "whatsapp_number_change"}, {"old_jid", old_jid}, {"new_jid", new_jid}};
    change.parties.push_back({whatsapp_party(w, old_jid, src).entity_id, "participant"});
    change.parties.push_back({whatsapp_party(w, new_jid, src).entity_id, "participant"});
    return change;
}

} // namespace

void read_whatsapp_messages(const EvidenceDb& edb, ImportContext& ctx, std::int64_t owner) {
    const auto& db = edb.db;
    const auto cols = table_columns(db, "message");
    for (const char* required : {"_id", "chat_row_id", "from_me", "timestamp"})
        if (cols.count(required) == 0)
            throw InputError("unsupported", ctx.input().display_name + ": table message has no column " +
                                                required +
                                                "; not a WhatsApp msgstore schema casegraph knows");
    std::map<std::int64_t, std::string> jids;
    {
        const auto jcols = table_columns(db, "jid");
        auto st =
            db.prepare("SELECT " + select_list(jcols, {"_id", "user", "server", "raw_string"}) + " FROM jid");
        while (st.step()) {
            TextCells cells(st);
            jids[st.column_int64(0)] =
                st.column_is_null(3) ? cells.text(1) + "@" + cells.text(2) : cells.text(3);
            cells.report(ctx, "sqlite:jid/_id=" + std::to_string(st.column_int64(0)));
        }
    }
    std::map<std::int64_t, Chat> chats;
    {
        const auto ccols = table_columns(db, "chat");
        auto st = db.prepare("SELECT " + select_list(ccols, {"_id", "jid_row_id", "subject"}) + " FROM chat");
        while (st.step()) {
            const auto j = jids.find(st.column_int64(1));
            TextCells cells(st);
            chats[st.column_int64(0)] = {j == jids.end() ? std::string() : j->second, cells.opt(2)};
            cells.report(ctx, "sqlite:chat/_id=" + std::to_string(st.column_int64(0)));
        }
    }
    SideTable media(db, "message_media",
                    {"file_path", "file_size", "mime_type", "media_name", "media_caption", "media_duration"});
    SideTable location(db, "message_location", {"latitude", "longitude", "place_name", "place_address"});
    SideTable system(db, "message_system", {"action_type"});
    SideTable number_change(db, "message_system_number_change", {"old_jid_row_id", "new_jid_row_id"});

    const RowLocator where(edb, "message");
    auto& w = ctx.writer();
    std::int64_t rows = 0, placeholders = 0, status_posts = 0;
    auto st = db.prepare(
        "SELECT " +
        select_list(cols, {"_id", "chat_row_id", "from_me", "key_id", "sender_jid_row_id", "status",
                           "timestamp", "received_timestamp", "message_type", "text_data", "starred"}) +
        " FROM message ORDER BY _id");
    while (st.step()) {
        ++rows;
        const auto id = st.column_int64(0);
        const auto chat_id = st.column_int64(1);
        if (chat_id < 0) {
            // WhatsApp seeds the table with a row whose chat is -1: not a message, counted in the notes.
            ++placeholders;
            continue;
        }
        const std::string inner = where(id);
        const bool wal_only = where.wal_only(id);
        ctx.record(inner, [&] {
            TextCells cells(st);
            const auto chat = chats.find(chat_id);
            if (chat == chats.end() || chat->second.jid.empty())
                throw std::runtime_error("message.chat_row_id " + std::to_string(chat_id) +
                                         " names no chat with a jid; the conversation is unknown");
            const auto src = w.source(ctx.locator(inner));
            const bool from_me = st.column_int64(2) != 0;
            const auto type = st.column_opt_int64(8).value_or(0);
            store::EventRecord e;
            e.app = "whatsapp";
            e.kind = type == 7 ? "system" : "message";
            e.thread = chat->second.jid;
            e.direction = from_me ? "outgoing" : "incoming";
            e.body = cells.opt(9);
            e.deleted = type == 15; // revoked ("This message was deleted")
            e.attrs["message_type"] = type;
            e.attrs["message_type_name"] = message_type_name(type);
            if (auto k = cells.opt(3))
                e.attrs["key_id"] = *k;
            for (const auto& [col, key] :
                 {std::pair{5, "status"}, {7, "received_timestamp_ms"}, {10, "starred"}})
                if (auto v = st.column_opt_int64(col))
                    e.attrs[key] = *v;
            if (wal_only)
                e.attrs["wal_only"] = true;
            if (!st.column_is_null(6) && st.column_int64(6) > 0) {
                const auto ms = st.column_int64(6);
                e.time =
                    store::time_from_unix_ms(ms, std::to_string(ms), "whatsapp message.timestamp unix-ms");
            } else {
                e.time.raw = cells.text(6);
                e.time.rule = "whatsapp message.timestamp missing";
                ctx.warning(inner, "no time (message.timestamp is 0 or NULL)");
            }
            if (auto m = media.get(id, cells); !m.empty())
                e.attrs["media"] = m;
            if (auto l = location.get(id, cells); !l.empty())
                e.attrs["location"] = l;
            std::optional<store::EventRecord> change;
            if (type == 7) {
                if (auto s = system.get(id, cells); !s.empty())
                    e.attrs["action_type"] = s["action_type"];
                if (auto n = number_change.get(id, cells); !n.empty())
                    change = number_change_event(w, e, n, jids, src, inner, ctx);
            }

            const auto chat_party =
                chat->second.jid == kStatusBroadcast
                    ? WaParty{}
                    : whatsapp_party(w, chat->second.jid, src, chat->second.subject.value_or(std::string()));
            if (!chat_party.understood)
                ctx.warning(inner, "chat jid '" + chat->second.jid +
                                       "' is not a JID shape casegraph knows; kept as "
                                       "a WhatsApp handle");
            std::int64_t sender = 0;
            if (from_me) {
                sender = owner;
            } else if (const auto sj = st.column_opt_int64(4).value_or(0); sj > 0) {
                const auto j = jids.find(sj);
                if (j == jids.end())
                    throw std::runtime_error("message.sender_jid_row_id " + std::to_string(sj) +
                                             " is not in jid");
                sender = whatsapp_party(w, j->second, src).entity_id;
            } else if (chat->second.jid != kStatusBroadcast && !chat_party.is_group) {
                sender = chat_party.entity_id; // one-to-one chat: the partner wrote it
            } else {
                ctx.warning(inner,
                            "incoming group or status message without a sender jid: the sender is unknown");
                sender = w.entity("handle", "unknown-party:" + w.evidence_sha256(), "unknown sender", src);
            }
            e.parties.push_back({sender, "sender"});
            const bool status_post = chat->second.jid == kStatusBroadcast;
            if (status_post)
                ++status_posts;
            add_whatsapp_recipients(e, status_post, chat_party, from_me, owner);
            cells.report(ctx, inner);
            w.event(e, src);
            if (change)
                w.event(*change, src);
        });
    }
    ctx.note("message.rows", rows);
    ctx.note("message.placeholder_rows_skipped", placeholders);
    ctx.note("message.status_posts", status_posts);
    ctx.note("message.wal_only_rows", where.wal_only_rows());
}

} // namespace casegraph::ingest
