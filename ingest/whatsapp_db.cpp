// WhatsApp on Android, msgstore.db: chooses the schema (a `message` table with real rows means the
// new schema, else the legacy `messages`), reads legacy messages and the `call_log`. Times are ms
// since the Unix epoch. The new-schema message reader is in whatsapp_messages.cpp.
#include "whatsapp_db.hpp"

#include "formats.hpp"
#include "sqlite_util.hpp"
#include "whatsapp_common.hpp"

#include <map>

namespace casegraph::ingest {

void read_whatsapp_legacy_messages(const EvidenceDb& edb, ImportContext& ctx, std::int64_t owner) {
    const auto& db = edb.db;
    const auto cols = table_columns(db, "messages");
    for (const char* required : {"_id", "key_remote_jid", "key_from_me", "timestamp"})
        if (cols.count(required) == 0)
            throw InputError("unsupported", ctx.input().display_name + ": table messages has no column " +
                                                required +
                                                "; not a WhatsApp msgstore schema casegraph knows");
    std::map<std::string, std::string> subjects;
    if (has_table(db, "chat_list") && table_columns(db, "chat_list").count("subject") != 0) {
        auto st = db.prepare("SELECT key_remote_jid, subject FROM chat_list WHERE subject IS NOT NULL");
        while (st.step()) {
            TextCells cells(st);
            auto jid = cells.text(0);
            subjects[jid] = cells.text(1);
            cells.report(ctx, "sqlite:chat_list/key_remote_jid=" + jid);
        }
    }
    const RowLocator where(edb, "messages");
    auto& w = ctx.writer();
    std::int64_t rows = 0, placeholders = 0, status_posts = 0;
    const std::vector<std::string> wanted = {
        "_id",        "key_remote_jid",     "key_from_me",   "key_id",          "status",     "data",
        "timestamp",  "received_timestamp", "media_wa_type", "media_mime_type", "media_name", "media_caption",
        "media_size", "latitude",           "longitude",     "remote_resource", "starred"};
    auto st = db.prepare("SELECT " + select_list(cols, wanted) + " FROM messages ORDER BY _id");
    while (st.step()) {
        ++rows;
        const auto id = st.column_int64(0);
        TextCells chat_cell(st);
        const std::string chat = chat_cell.text(1);
        if (chat == "-1") {
            ++placeholders; // WhatsApp's seed row, not a message
            continue;
        }
        const std::string inner = where(id);
        const bool wal_only = where.wal_only(id);
        ctx.record(inner, [&] {
            TextCells cells(st);
            cells.add(chat_cell.replaced(), "key_remote_jid");
            if (chat.empty())
                throw std::runtime_error("messages.key_remote_jid is empty; the conversation is unknown");
            const auto src = w.source(ctx.locator(inner));
            const bool from_me = st.column_int64(2) != 0;
            store::EventRecord e;
            e.kind = "message";
            e.app = "whatsapp";
            e.thread = chat;
            e.direction = from_me ? "outgoing" : "incoming";
            e.body = cells.opt(5);
            if (e.body && e.body->empty())
                e.body.reset();
            if (wal_only)
                e.attrs["wal_only"] = true;
            if (auto k = cells.opt(3))
                e.attrs["key_id"] = *k;
            for (const auto& [col, key] :
                 {std::pair{4, "status"}, {7, "received_timestamp_ms"}, {12, "media_size"}, {16, "starred"}})
                if (auto v = st.column_opt_int64(col))
                    e.attrs[key] = *v;
            for (const auto& [col, key] : {std::pair{8, "media_wa_type"},
                                           {9, "media_mime_type"},
                                           {10, "media_name"},
                                           {11, "media_caption"}})
                if (auto v = cells.opt(col); v && !v->empty())
                    e.attrs[key] = *v;
            if (!st.column_is_null(13) && !st.column_is_null(14) &&
                (st.column_double(13) != 0.0 || st.column_double(14) != 0.0))
                e.attrs["location"] = {{"latitude", st.column_double(13)},
                                       {"longitude", st.column_double(14)}};
            if (!st.column_is_null(6) && st.column_int64(6) > 0) {
                const auto ms = st.column_int64(6);
                e.time =
                    store::time_from_unix_ms(ms, std::to_string(ms), "whatsapp messages.timestamp unix-ms");
            } else {
                e.time.raw = cells.text(6);
                e.time.rule = "whatsapp messages.timestamp missing";
                ctx.warning(inner, "no time (messages.timestamp is 0 or NULL)");
            }
            const bool status = chat == kStatusBroadcast;
            WaParty chat_party;
            if (!status) {
                const auto subject = subjects.find(chat);
                chat_party = whatsapp_party(w, chat, src, subject == subjects.end() ? "" : subject->second);
                if (!chat_party.understood)
                    ctx.warning(inner,
                                "key_remote_jid '" + chat +
                                    "' is not a JID shape casegraph knows; kept as a WhatsApp handle, not "
                                    "read as a phone number");
            }
            std::int64_t sender = 0;
            const auto resource = cells.opt(15);
            if (from_me) {
                sender = owner;
            } else if ((status || chat_party.is_group) && resource && !resource->empty()) {
                sender = whatsapp_party(w, *resource, src).entity_id; // remote_resource: the group member
            } else if (!status && !chat_party.is_group) {
                sender = chat_party.entity_id;
            } else {
                ctx.warning(
                    inner, "incoming group or status message without remote_resource: the sender is unknown");
                sender = w.entity("handle", "unknown-party:" + w.evidence_sha256(), "unknown sender", src);
            }
            e.parties.push_back({sender, "sender"});
            const bool status_post = status;
            if (status_post)
                ++status_posts;
            add_whatsapp_recipients(e, status_post, chat_party, from_me, owner);
            cells.report(ctx, inner);
            w.event(e, src);
        });
    }
    ctx.note("messages.rows", rows);
    ctx.note("messages.placeholder_rows_skipped", placeholders);
    ctx.note("messages.status_posts", status_posts);
    ctx.note("messages.wal_only_rows", where.wal_only_rows());
}

namespace {

// call_log (new schema): one row per call with the other party's jid; call_result codes are kept raw
// (their meaning is not documented publicly).
void read_whatsapp_calls(const EvidenceDb& edb, ImportContext& ctx, std::int64_t owner) {
    const auto& db = edb.db;
    const auto cols = table_columns(db, "call_log");
    if (cols.count("jid_row_id") == 0 || cols.count("timestamp") == 0 || !has_table(db, "jid")) {
        ctx.warning("sqlite:call_log",
                    "call_log has no jid_row_id/timestamp (or no jid table); calls not read");
        return;
    }
    std::map<std::int64_t, std::string> jids;
    {
        auto st = db.prepare("SELECT _id, coalesce(raw_string, user || '@' || server) FROM jid");
        while (st.step()) {
            TextCells cells(st);
            jids[st.column_int64(0)] = cells.text(1);
            cells.report(ctx, "sqlite:jid/_id=" + std::to_string(st.column_int64(0)));
        }
    }
    const RowLocator where(edb, "call_log");
    auto& w = ctx.writer();
    std::int64_t rows = 0;
    auto st = db.prepare("SELECT " +
                         select_list(cols, {"_id", "jid_row_id", "from_me", "call_id", "timestamp",
                                            "video_call", "duration", "call_result", "group_jid_row_id"}) +
                         " FROM call_log ORDER BY _id");
    while (st.step()) {
        ++rows;
        const auto id = st.column_int64(0);
        const std::string inner = where(id);
        const bool wal_only = where.wal_only(id);
        ctx.record(inner, [&] {
            TextCells cells(st);
            const auto j = jids.find(st.column_int64(1));
            if (j == jids.end())
                throw std::runtime_error("call_log.jid_row_id " + cells.text(1) + " is not in jid");
            const auto src = w.source(ctx.locator(inner));
            const bool from_me = st.column_int64(2) != 0;
            store::EventRecord e;
            e.kind = "call";
            e.app = "whatsapp";
            e.direction = from_me ? "outgoing" : "incoming";
            if (!st.column_is_null(4) && st.column_int64(4) > 0) {
                const auto ms = st.column_int64(4);
                e.time =
                    store::time_from_unix_ms(ms, std::to_string(ms), "whatsapp call_log.timestamp unix-ms");
            } else {
                e.time.raw = cells.text(4);
                e.time.rule = "whatsapp call_log.timestamp missing";
                ctx.warning(inner, "no time (call_log.timestamp is 0 or NULL)");
            }
            if (auto v = cells.opt(3))
                e.attrs["call_id"] = *v;
            e.attrs["video"] = st.column_opt_int64(5).value_or(0) != 0;
            if (auto v = st.column_opt_int64(6))
                e.attrs["duration_s"] = *v;
            if (auto v = st.column_opt_int64(7))
                e.attrs["call_result"] = *v;
            if (const auto g = st.column_opt_int64(8).value_or(0); g > 0 && jids.count(g) != 0)
                e.attrs["group_jid"] = jids[g];
            if (wal_only)
                e.attrs["wal_only"] = true;
            const auto other = whatsapp_party(w, j->second, src).entity_id;
            if (from_me)
                e.parties = {{owner, "caller"}, {other, "callee"}};
            else
                e.parties = {{other, "caller"}, {owner, "callee"}};
            cells.report(ctx, inner);
            w.event(e, src);
        });
    }
    ctx.note("call_log.rows", rows);
    ctx.note("call_log.wal_only_rows", where.wal_only_rows());
}

class WhatsappDb final : public Importer {
  public:
    std::string_view format() const override { return "whatsapp-db"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override { return "WhatsApp Android msgstore.db (both schemas)"; }

    int detect(const Probe& p) const override {
        if (p.has_table("message") && p.has_table("jid") && p.has_table("chat"))
            return 90;
        if (p.has_table("messages") &&
            (p.has_table("chat_list") || p.has_table("jid") || p.has_table("props")))
            return 90;
        // A lone `messages` table (hand-made or trimmed msgstore.db): a weak claim, checked on import.
        return p.has_table("messages") ? 30 : 0;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        auto edb = open_evidence_db(input.path, input.wal, input.display_name);
        const auto& db = edb.db;
        const bool have_new = has_table(db, "message") && has_table(db, "jid") && has_table(db, "chat");
        const bool have_legacy = has_table(db, "messages");
        if (!have_new && !have_legacy)
            throw InputError("unsupported", input.display_name +
                                                ": neither message + jid + chat nor messages; not "
                                                "a WhatsApp msgstore.db casegraph knows");
        // WhatsApp seeds `message` with one row whose chat is -1; only rows with a real chat count.
        const auto new_rows =
            have_new ? db.scalar_int("SELECT count(*) FROM message WHERE chat_row_id >= 0") : 0;
        const bool use_new = have_new && (new_rows > 0 || !have_legacy);
        ctx.note("user_version", db.scalar_int("PRAGMA user_version"));
        ctx.note("wal_present", edb.wal_present);
        ctx.note("schema", use_new ? "new (message + jid + chat)" : "legacy (messages)");
        if (has_table(db, "props")) {
            auto st = db.prepare("SELECT value FROM props WHERE key = 'msgtore_db_schema_version' OR key = "
                                 "'msgstore_db_schema_version'");
            if (st.step())
                ctx.note("props.schema_version", st.column_text(0));
        }
        if (use_new && have_legacy) {
            // During WhatsApp's migration both tables hold the same messages; the new one is read.
            ctx.note("legacy_messages_rows_not_read",
                     db.scalar_int("SELECT count(*) FROM messages WHERE key_remote_jid <> '-1'"));
        } else if (!use_new && have_new) {
            ctx.note("new_message_rows_not_read", new_rows);
        }
        auto& w = ctx.writer();
        const auto owner =
            evidence_owner(ctx, w.source(ctx.locator(use_new ? "sqlite:message" : "sqlite:messages")));
        if (use_new)
            read_whatsapp_messages(edb, ctx, owner);
        else
            read_whatsapp_legacy_messages(edb, ctx, owner);
        if (has_table(db, "call_log"))
            read_whatsapp_calls(edb, ctx, owner);
    }
};

} // namespace

const Importer& whatsapp_db_importer() {
    static const WhatsappDb instance;
    return instance;
}

} // namespace casegraph::ingest
