// iOS Messages `sms.db` (and the macOS `chat.db` of the same schema family): SMS, MMS, iMessage and RCS
// from `message`, with `handle` for the other party, `chat` + joins for threads and group participants,
// and `attachment` metadata. Dates are Apple-epoch seconds (before iOS 11) or nanoseconds; on iOS 16+
// the body is often only in `attributedBody` (a typedstream), decoded by typedstream.cpp.
#include "attachments.hpp"
#include "evidence_owner.hpp"
#include "formats.hpp"
#include "private_copy.hpp"
#include "sqlite_util.hpp"
#include "typedstream.hpp"

#include <map>
#include <optional>
#include <set>

namespace casegraph::ingest {
namespace {

// Positions of the columns one SELECT asked for, by name (select_list keeps the order given).
class Columns {
  public:
    explicit Columns(std::vector<std::string> names) : names_(std::move(names)) {}
    [[nodiscard]] int operator()(std::string_view name) const {
        for (std::size_t i = 0; i < names_.size(); ++i)
            if (names_[i] == name)
                return static_cast<int>(i);
        throw std::logic_error("column not selected: " + std::string(name));
    }
    [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

  private:
    std::vector<std::string> names_;
};

struct Handle {
    std::string id; // E.164, an email (Apple ID) or a short code / sender name
    std::optional<std::string> country;
    std::string service;
};

struct Chat {
    std::string guid, identifier, display_name, service;
    std::int64_t style = 0;
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

bool is_tapback(std::int64_t t) {
    return (t >= 2000 && t <= 2006) || (t >= 3000 && t <= 3006);
}

std::string_view tapback_name(std::int64_t t) {
    static constexpr std::string_view names[] = {"love",      "like",     "dislike", "laugh",
                                                 "emphasize", "question", "emoji"};
    return names[(t % 1000) % 7];
}

// associated_message_guid is "p:0/GUID" (part 0 of GUID), "bp:GUID" or a bare GUID.
std::string target_guid(const std::string& g) {
    if (const auto slash = g.find('/'); slash != std::string::npos)
        return g.substr(slash + 1);
    if (const auto colon = g.find(':'); colon != std::string::npos)
        return g.substr(colon + 1);
    return g;
}

class IosSms final : public Importer {
  public:
    std::string_view format() const override { return "ios-sms"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "iOS sms.db / macOS chat.db (iMessage, SMS, RCS)";
    }

    int detect(const Probe& p) const override {
        if (!p.has_table("message") || !p.has_table("handle"))
            return 0;
        return p.has_table("chat_message_join") || p.has_table("chat") ? 95 : 70;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        auto edb = open_evidence_db(input.path, input.wal, input.display_name);
        const auto& db = edb.db;
        const auto mcols = table_columns(db, "message");
        const auto hcols = table_columns(db, "handle");
        for (const char* c : {"ROWID", "guid", "text", "handle_id", "date", "is_from_me"})
            if (mcols.count(c) == 0)
                throw InputError("unsupported", input.display_name + ": table message has no column " + c +
                                                    "; not an iOS Messages schema casegraph knows");
        for (const char* c : {"ROWID", "id"})
            if (hcols.count(c) == 0)
                throw InputError("unsupported", input.display_name + ": table handle has no column " + c +
                                                    "; not an iOS Messages schema casegraph knows");
        ctx.note("user_version", db.scalar_int("PRAGMA user_version"));
        ctx.note("wal_present", edb.wal_present);
        if (has_table(db, "_SqliteDatabaseProperties"))
            if (auto v = db.scalar_text(
                    "SELECT value FROM _SqliteDatabaseProperties WHERE key = '_ClientVersion'"))
                ctx.note("client_version", *v);
        ctx.note("has_attributedBody", mcols.count("attributedBody") != 0);
        ctx.note("has_associated_message_type", mcols.count("associated_message_type") != 0);
        if (has_table(db, "deleted_messages"))
            // Only GUIDs of deleted messages remain there: no content to import, but worth knowing.
            ctx.note("deleted_messages_guids", db.scalar_int("SELECT count(*) FROM deleted_messages"));

        const auto handles = read_handles(db, hcols);
        const auto chats = read_chats(db);
        std::map<std::int64_t, std::int64_t> chat_of; // message -> chat
        std::int64_t multi_chat = 0;
        if (has_table(db, "chat_message_join")) {
            auto st =
                db.prepare("SELECT chat_id, message_id FROM chat_message_join ORDER BY message_id, chat_id");
            while (st.step())
                if (!chat_of.emplace(st.column_int64(1), st.column_int64(0)).second)
                    ++multi_chat;
            ctx.note("chat_message_join_rows_without_message",
                     db.scalar_int("SELECT count(*) FROM chat_message_join WHERE message_id NOT IN (SELECT "
                                   "ROWID FROM message)"));
        }
        if (multi_chat > 0)
            ctx.note("messages_in_several_chats", multi_chat);
        // iOS 16+ "Recently Deleted": a deleted message leaves chat_message_join for this table and stays
        // recoverable for 30 days. Such rows are evidence of deletion and are flagged as deleted.
        std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> recoverable; // message -> chat, date
        if (has_table(db, "chat_recoverable_message_join")) {
            const auto rcols = table_columns(db, "chat_recoverable_message_join");
            auto st = db.prepare("SELECT " + select_list(rcols, {"chat_id", "message_id", "delete_date"}) +
                                 " FROM chat_recoverable_message_join ORDER BY message_id, chat_id");
            while (st.step())
                recoverable.emplace(st.column_int64(1),
                                    std::pair{st.column_int64(0), st.column_opt_int64(2).value_or(0)});
            ctx.note("recently_deleted_messages", static_cast<std::int64_t>(recoverable.size()));
            for (const auto& [m, cd] : recoverable)
                chat_of.emplace(m, cd.first);
        }
        const auto attachments = read_attachments(db);

        std::set<std::int64_t> main_ids;
        if (edb.main_only)
            main_ids = rowids(*edb.main_only, "message", "ROWID");
        auto locator_of = [&](std::int64_t id, bool& wal_only) {
            wal_only = edb.main_only && main_ids.count(id) == 0;
            return std::string(wal_only ? "sqlite-wal:" : "sqlite:") + "message/rowid=" + std::to_string(id);
        };

        const Columns c({"ROWID",
                         "guid",
                         "text",
                         "attributedBody",
                         "handle_id",
                         "service",
                         "is_from_me",
                         "date",
                         "date_read",
                         "date_delivered",
                         "associated_message_type",
                         "associated_message_guid",
                         "item_type",
                         "group_action_type",
                         "group_title",
                         "other_handle",
                         "account",
                         "destination_caller_id",
                         "is_read",
                         "is_delivered",
                         "is_sent",
                         "error",
                         "subject",
                         "cache_has_attachments",
                         "is_audio_message",
                         "date_edited",
                         "date_retracted"});
        const std::string select = "SELECT " + select_list(mcols, c.names()) + " FROM message ORDER BY ROWID";

        // Pass 1: tapbacks, keyed by the GUID of the message they react to.
        std::map<std::string, std::vector<Tapback>> tapbacks;
        std::int64_t tapback_count = 0;
        {
            auto st = db.prepare(select);
            while (st.step()) {
                const auto t = st.column_opt_int64(c("associated_message_type"));
                if (!t || !is_tapback(*t))
                    continue;
                bool wal_only = false;
                Tapback tb{st.column_int64(c("ROWID")),     *t,
                           st.column_int64(c("handle_id")), st.column_int64(c("is_from_me")) != 0,
                           st.column_int64(c("date")),      ""};
                tb.locator = locator_of(tb.rowid, wal_only);
                tapbacks[target_guid(st.column_text(c("associated_message_guid")))].push_back(tb);
                ++tapback_count;
            }
        }
        ctx.note("tapbacks", tapback_count);

        auto& w = ctx.writer();
        const std::int64_t owner = evidence_owner(ctx, w.source(ctx.locator("sqlite:message")));
        std::int64_t seconds = 0, nanos = 0, from_attributed = 0, tapbacks_attached = 0, disagree = 0;
        std::set<std::string> media_members;
        std::set<std::string> accounts, callers;
        auto st = db.prepare(select);
        while (st.step()) {
            const std::int64_t id = st.column_int64(c("ROWID"));
            const auto assoc = st.column_opt_int64(c("associated_message_type"));
            if (assoc && is_tapback(*assoc))
                continue; // attached to its target below; counted in the "tapbacks" note
            bool wal_only = false;
            const std::string inner = locator_of(id, wal_only);
            ctx.record(inner, [&] {
                const auto src = w.source(ctx.locator(inner));
                store::EventRecord e;
                const auto item_type = st.column_opt_int64(c("item_type")).value_or(0);
                e.kind = item_type != 0 ? "system" : "message";
                const auto service = st.column_opt_text(c("service"));
                e.app = service ? lower(*service) : std::string("messages");
                const bool from_me = st.column_int64(c("is_from_me")) != 0;
                e.direction = from_me ? "outgoing" : "incoming";

                const auto date = st.column_opt_int64(c("date")).value_or(0);
                if (date != 0) {
                    e.time = apple_time_auto(date, "message.date");
                    (e.time.rule.starts_with("apple-ns") ? nanos : seconds)++;
                } else {
                    e.time.raw = st.column_text(c("date"));
                    e.time.rule = "ios message.date missing";
                    ctx.warning(inner, "no date (message.date is 0 or NULL)");
                }
                for (const char* k : {"date_read", "date_delivered", "date_edited", "date_retracted"})
                    if (const auto v = st.column_opt_int64(c(k)); v && *v != 0) {
                        const auto t = apple_time_auto(*v, std::string("message.") + k);
                        e.attrs[std::string(k)] = store::format_utc_ms(*t.utc_ms);
                    }

                // Body: text, else the NSString inside attributedBody (iOS 16+ leaves text NULL).
                e.body = st.column_opt_text(c("text"));
                if (!st.column_is_null(c("attributedBody"))) {
                    const auto r = typedstream::extract_text(st.column_blob(c("attributedBody")));
                    if (!e.body || e.body->empty()) {
                        if (r.text) {
                            e.body = *r.text;
                            e.attrs["body_from"] = "attributedBody";
                            ++from_attributed;
                        } else {
                            ctx.warning(inner, "text is empty and attributedBody could not be read (" +
                                                   r.error + "); the body is left empty");
                        }
                    } else if (r.text && *r.text != *e.body) {
                        // Both exist and disagree (an edited message, or an altered database): keep both.
                        e.attrs["attributedBody_text"] = *r.text;
                        ++disagree;
                        ctx.warning(inner,
                                    "message.text and the text archived in attributedBody differ; both "
                                    "are kept (attrs.attributedBody_text)");
                    }
                }

                e.attrs["guid"] = st.column_text(c("guid"));
                if (service)
                    e.attrs["service"] = *service;
                for (const char* k : {"account", "destination_caller_id", "subject"})
                    if (auto v = st.column_opt_text(c(k)); v && !v->empty())
                        e.attrs[std::string(k)] = *v;
                for (const char* k : {"is_read", "is_delivered", "is_sent", "error", "is_audio_message",
                                      "cache_has_attachments"})
                    if (const auto v = st.column_opt_int64(c(k)))
                        e.attrs[std::string(k)] = *v;
                if (assoc && *assoc != 0)
                    e.attrs["associated_message_type"] = *assoc;
                if (const auto a = st.column_opt_text(c("account")); a && !a->empty())
                    accounts.insert(*a);
                if (wal_only)
                    e.attrs["wal_only"] = true;
                if (const auto r = recoverable.find(id); r != recoverable.end()) {
                    e.deleted = true;
                    e.attrs["recently_deleted"] = true;
                    if (r->second.second != 0)
                        e.attrs["delete_date"] = store::format_utc_ms(
                            *apple_time_auto(r->second.second, "chat_recoverable_message_join.delete_date")
                                 .utc_ms);
                }
                if (auto v = st.column_opt_text(c("destination_caller_id")); v && !v->empty())
                    callers.insert(*v);
                if (item_type != 0) {
                    e.attrs["item_type"] = item_type;
                    if (const auto v = st.column_opt_int64(c("group_action_type")))
                        e.attrs["group_action_type"] = *v;
                    if (auto v = st.column_opt_text(c("group_title")))
                        e.attrs["group_title"] = *v;
                }

                // Parties: the sender, then everyone else in the chat (the owner included).
                const Chat* chat = nullptr;
                if (const auto it = chat_of.find(id); it != chat_of.end()) {
                    if (const auto ch = chats.find(it->second); ch != chats.end()) {
                        chat = &ch->second;
                        e.thread = chat->guid;
                        e.attrs["chat_identifier"] = chat->identifier;
                        if (!chat->display_name.empty())
                            e.attrs["chat_name"] = chat->display_name;
                        e.attrs["chat_participants"] = static_cast<std::int64_t>(chat->handles.size());
                    }
                }
                const auto handle_id = st.column_int64(c("handle_id"));
                auto entity_of = [&](std::int64_t h) -> std::int64_t {
                    const auto it = handles.find(h);
                    if (it == handles.end())
                        return 0;
                    const auto& hd = it->second;
                    const bool email = hd.id.find('@') != std::string::npos;
                    return w.identifier(email ? "email" : "phone", hd.id, src, row_region(ctx, hd.country))
                        .entity_id;
                };
                std::int64_t sender = 0;
                if (from_me) {
                    sender = owner;
                } else {
                    sender = entity_of(handle_id);
                    if (sender == 0) {
                        ctx.warning(inner, "incoming message with handle_id " + std::to_string(handle_id) +
                                               " that names no handle row: the sender is unknown");
                        sender =
                            w.entity("phone", "unknown-party:" + w.evidence_sha256(), "unknown party", src);
                    }
                }
                e.parties.push_back({sender, "sender"});
                std::set<std::int64_t> added{sender};
                auto add_recipient = [&](std::int64_t ent) {
                    if (ent != 0 && added.insert(ent).second)
                        e.parties.push_back({ent, "recipient"});
                };
                if (!from_me)
                    add_recipient(owner);
                if (chat != nullptr && !chat->handles.empty()) {
                    for (const auto h : chat->handles)
                        add_recipient(entity_of(h));
                } else if (handle_id != 0) {
                    add_recipient(entity_of(handle_id));
                }
                if (item_type != 0)
                    // The person added, removed or named by a group event, even if also a recipient.
                    if (const auto other = st.column_opt_int64(c("other_handle")); other && *other != 0)
                        if (const auto ent = entity_of(*other); ent != 0)
                            e.parties.push_back({ent, "participant"});
                if (e.parties.size() == 1)
                    ctx.warning(inner,
                                "outgoing message with no handle and no chat participants: no recipient");

                std::vector<FoundAttachment> found;
                if (const auto it = attachments.find(id); it != attachments.end()) {
                    e.attrs["attachments"] = it->second;
                    for (auto& a : e.attrs["attachments"]) {
                        const auto lookup =
                            a.contains("filename")
                                ? find_attachment(ctx.input(), a["filename"].get<std::string>())
                                : AttachmentLookup{};
                        describe_attachment(a, lookup);
                        if (!lookup.problem.empty())
                            ctx.warning(inner,
                                        "attachment " + a["attachment_rowid"].dump() + ": " + lookup.problem);
                        if (lookup.found)
                            found.push_back(*lookup.found);
                    }
                }
                if (const auto it = tapbacks.find(st.column_text(c("guid"))); it != tapbacks.end()) {
                    nlohmann::json list = nlohmann::json::array();
                    for (const auto& tb : it->second) {
                        nlohmann::json j{{"reaction", tapback_name(tb.type)},
                                         {"removed", tb.type >= 3000},
                                         {"associated_message_type", tb.type},
                                         {"locator", ctx.locator(tb.locator)},
                                         {"from_me", tb.from_me}};
                        if (tb.date != 0)
                            j["time"] =
                                store::format_utc_ms(*apple_time_auto(tb.date, "message.date").utc_ms);
                        if (!tb.from_me)
                            if (const auto h = handles.find(tb.handle_id); h != handles.end())
                                j["from"] = h->second.id;
                        list.push_back(std::move(j));
                    }
                    e.attrs["tapbacks"] = list;
                    tapbacks_attached += static_cast<std::int64_t>(it->second.size());
                }
                w.event(e, src);
                write_media_events(w, e, found, ctx.locator(inner), src, media_members);
            });
        }
        if (tapbacks_attached < tapback_count) {
            // Reactions to messages that are not in this database (deleted, or older than the extraction).
            for (const auto& [guid, list] : tapbacks)
                for (const auto& tb : list)
                    if (!has_guid(db, guid))
                        ctx.warning(tb.locator,
                                    "tapback (" + std::string(tapback_name(tb.type)) + ") to message " +
                                        guid + ", which is not in this database; not imported as a message");
        }
        ctx.note("tapbacks_attached", tapbacks_attached);
        ctx.note("dates_seconds", seconds);
        ctx.note("dates_nanoseconds", nanos);
        ctx.note("bodies_from_attributedBody", from_attributed);
        ctx.note("text_attributedBody_disagree", disagree);
        nlohmann::json acc = nlohmann::json::array();
        for (const auto& a : accounts)
            acc.push_back(a);
        // The owner's own Apple ID / number as the messages name it: evidence of ownership, not assumed.
        ctx.note("message_accounts", acc);
        nlohmann::json own = nlohmann::json::array();
        for (const auto& a : callers)
            own.push_back(a);
        ctx.note("destination_caller_ids", own);
    }

  private:
    static std::string lower(std::string s) {
        for (auto& ch : s)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return s;
    }

    static bool has_guid(const store::Db& db, const std::string& guid) {
        auto st = db.prepare("SELECT 1 FROM message WHERE guid = ?1");
        st.bind(1, guid);
        return st.step();
    }

    static std::map<std::int64_t, Handle> read_handles(const store::Db& db,
                                                       const std::set<std::string>& cols) {
        std::map<std::int64_t, Handle> out;
        auto st =
            db.prepare("SELECT " + select_list(cols, {"ROWID", "id", "country", "service"}) + " FROM handle");
        while (st.step())
            out[st.column_int64(0)] = {st.column_text(1), st.column_opt_text(2), st.column_text(3)};
        return out;
    }

    static std::map<std::int64_t, Chat> read_chats(const store::Db& db) {
        std::map<std::int64_t, Chat> out;
        if (!has_table(db, "chat"))
            return out;
        const auto cols = table_columns(db, "chat");
        auto st = db.prepare(
            "SELECT " +
            select_list(cols, {"ROWID", "guid", "chat_identifier", "display_name", "service_name", "style"}) +
            " FROM chat");
        while (st.step()) {
            Chat ch;
            ch.guid = st.column_text(1);
            ch.identifier = st.column_text(2);
            ch.display_name = st.column_text(3);
            ch.service = st.column_text(4);
            ch.style = st.column_opt_int64(5).value_or(0);
            out[st.column_int64(0)] = std::move(ch);
        }
        if (has_table(db, "chat_handle_join")) {
            auto j =
                db.prepare("SELECT chat_id, handle_id FROM chat_handle_join ORDER BY chat_id, handle_id");
            while (j.step())
                if (const auto it = out.find(j.column_int64(0)); it != out.end())
                    it->second.handles.push_back(j.column_int64(1));
        }
        return out;
    }

    static std::map<std::int64_t, nlohmann::json> read_attachments(const store::Db& db) {
        std::map<std::int64_t, nlohmann::json> out;
        if (!has_table(db, "attachment") || !has_table(db, "message_attachment_join"))
            return out;
        const auto cols = table_columns(db, "attachment");
        const std::vector<std::string> wanted{"ROWID",     "guid",          "filename",
                                              "mime_type", "transfer_name", "total_bytes",
                                              "uti",       "is_outgoing",   "created_date"};
        std::string sel;
        for (const auto& wc : wanted)
            sel += std::string(sel.empty() ? "" : ", ") + (cols.count(wc) ? "a.\"" + wc + "\"" : "NULL");
        auto st = db.prepare("SELECT j.message_id, " + sel +
                             " FROM message_attachment_join j JOIN attachment a ON a.ROWID = j.attachment_id "
                             "ORDER BY j.message_id, a.ROWID");
        while (st.step()) {
            nlohmann::json a;
            a["attachment_rowid"] = st.column_int64(1);
            for (std::size_t i = 1; i < wanted.size(); ++i) {
                const int col = static_cast<int>(i) + 1;
                if (st.column_is_null(col))
                    continue;
                if (wanted[i] == "total_bytes" || wanted[i] == "is_outgoing" || wanted[i] == "created_date")
                    a[wanted[i]] = st.column_int64(col);
                else
                    a[wanted[i]] = st.column_text(col);
            }
            out[st.column_int64(0)].push_back(std::move(a));
        }
        return out;
    }
};

} // namespace

const Importer& ios_sms_importer() {
    static const IosSms instance;
    return instance;
}

} // namespace casegraph::ingest
