// iOS Messages `sms.db` (and the macOS `chat.db` of the same schema family): SMS, MMS, iMessage and RCS
// from `message`, with `handle` for the other party, `chat` + joins for threads and group participants,
// and `attachment` metadata. Dates are Apple-epoch seconds (before iOS 11) or nanoseconds; on iOS 16+
// the body is often only in `attributedBody` (a typedstream), decoded by typedstream.cpp.
#include "attachments.hpp"
#include "evidence_owner.hpp"
#include "formats.hpp"
#include "ios_sms_tables.hpp"
#include "private_copy.hpp"
#include "sqlite_util.hpp"
#include "text_encoding.hpp"
#include "typedstream.hpp"

#include <optional>
#include <set>

namespace casegraph::ingest {
namespace {

using namespace ios_sms;

// The columns of `message` the pass reads, in the order of the SELECT (missing ones are NULL).
enum Col : int {
    kRowid,
    kGuid,
    kText,
    kAttributedBody,
    kHandleId,
    kService,
    kIsFromMe,
    kDate,
    kDateRead,
    kDateDelivered,
    kAssociatedType,
    kItemType,
    kGroupActionType,
    kGroupTitle,
    kOtherHandle,
    kAccount,
    kDestinationCallerId,
    kIsRead,
    kIsDelivered,
    kIsSent,
    kError,
    kSubject,
    kCacheHasAttachments,
    kIsAudioMessage,
    kDateEdited,
    kDateRetracted,
};
const std::vector<std::string>& message_columns() {
    static const std::vector<std::string> names{"ROWID",
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
                                                "date_retracted"};
    return names;
}

// Integer columns copied into attrs when not NULL, and date columns copied as UTC times when not 0.
struct IntCol {
    const char* attr;
    Col col;
};
constexpr IntCol kIntAttrs[] = {{"is_read", kIsRead},
                                {"is_delivered", kIsDelivered},
                                {"is_sent", kIsSent},
                                {"error", kError},
                                {"is_audio_message", kIsAudioMessage},
                                {"cache_has_attachments", kCacheHasAttachments}};
struct DateCol {
    const char* attr;
    Col col;
    const char* rule_column; // names the column in the time rule
};
constexpr DateCol kDateAttrs[] = {{"date_read", kDateRead, "message.date_read"},
                                  {"date_delivered", kDateDelivered, "message.date_delivered"},
                                  {"date_edited", kDateEdited, "message.date_edited"},
                                  {"date_retracted", kDateRetracted, "message.date_retracted"}};

std::string lower(std::string s) {
    for (auto& ch : s)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

bool has_guid(const store::Db& db, const std::string& guid) {
    auto st = db.prepare("SELECT 1 FROM message WHERE guid = ?1");
    st.bind(1, guid);
    return st.step();
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

        const auto handles = read_handles(db, hcols, ctx);
        const auto chats = read_chats(db, ctx);
        ChatIndex chat_index;
        chat_index.read(db, ctx);
        const auto attachments = read_attachments(db, ctx);

        std::set<std::int64_t> main_ids;
        if (edb.main_only)
            main_ids = rowids(*edb.main_only, "message", "ROWID");
        auto wal_only_row = [&](std::int64_t id) { return edb.main_only && main_ids.count(id) == 0; };
        auto locator_of = [&](std::int64_t id) {
            return std::string(wal_only_row(id) ? "sqlite-wal:" : "sqlite:") +
                   "message/rowid=" + std::to_string(id);
        };

        // Tapbacks first (a narrow scan of the rows that react to another), keyed by the GUID of the
        // message they react to; then one pass over `message` in ROWID order.
        std::int64_t tapback_count = 0;
        const Tapbacks tapbacks = read_tapbacks(db, mcols, locator_of, tapback_count);
        ctx.note("tapbacks", tapback_count);

        auto& w = ctx.writer();
        const std::int64_t owner = evidence_owner(ctx, w.source(ctx.locator("sqlite:message")));
        std::int64_t seconds = 0, nanos = 0, from_attributed = 0, tapbacks_attached = 0, disagree = 0;
        std::set<std::string> media_members;
        std::set<std::string> accounts, callers;
        // A record's handle -> entity, so a handle named twice (sender and chat member) is resolved once.
        std::vector<std::pair<std::int64_t, std::int64_t>> resolved;
        std::vector<std::int64_t> added; // the record's parties so far
        auto st =
            db.prepare("SELECT " + select_list(mcols, message_columns()) + " FROM message ORDER BY ROWID");
        while (st.step()) {
            const std::int64_t id = st.column_int64(kRowid);
            const auto assoc = st.column_opt_int64(kAssociatedType);
            if (assoc && is_tapback(*assoc))
                continue; // attached to its target below; counted in the "tapbacks" note
            const bool wal_only = wal_only_row(id);
            const std::string inner = locator_of(id);
            ctx.record(inner, [&] {
                TextCells cells(st);
                const std::string locator = ctx.locator(inner);
                const auto src = w.source(locator);
                store::EventRecord e;
                const auto item_type = st.column_opt_int64(kItemType).value_or(0);
                e.kind = item_type != 0 ? "system" : "message";
                const auto service = cells.opt(kService);
                e.app = service ? lower(*service) : std::string("messages");
                const bool from_me = st.column_int64(kIsFromMe) != 0;
                e.direction = from_me ? "outgoing" : "incoming";

                const auto date = st.column_opt_int64(kDate).value_or(0);
                if (date != 0) {
                    e.time = apple_time_auto(date, "message.date");
                    (e.time.rule.starts_with("apple-ns") ? nanos : seconds)++;
                } else {
                    e.time.raw = cells.text(kDate);
                    e.time.rule = "ios message.date missing";
                    ctx.warning(inner, "no date (message.date is 0 or NULL)");
                }
                for (const auto& d : kDateAttrs)
                    if (const auto v = st.column_opt_int64(d.col); v && *v != 0)
                        e.attrs[d.attr] = store::format_utc_ms(*apple_time_auto(*v, d.rule_column).utc_ms);

                // Body: text, else the NSString inside attributedBody (iOS 16+ leaves text NULL). When
                // both are there the archive is still read: a difference is worth a warning.
                e.body = cells.opt(kText);
                if (!st.column_is_null(kAttributedBody)) {
                    auto r = typedstream::extract_text(st.column_blob(kAttributedBody));
                    if (r.text && !is_valid_utf8(*r.text)) {
                        std::size_t n = 0;
                        r.text = utf8_lossy(*r.text, &n);
                        cells.add(n, "attributedBody");
                    }
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

                std::string guid = cells.text(kGuid);
                if (service)
                    e.attrs["service"] = *service;
                const auto account = cells.opt(kAccount);
                const auto caller = cells.opt(kDestinationCallerId);
                if (account && !account->empty())
                    e.attrs["account"] = *account;
                if (caller && !caller->empty())
                    e.attrs["destination_caller_id"] = *caller;
                if (auto v = cells.opt(kSubject); v && !v->empty())
                    e.attrs["subject"] = std::move(*v);
                for (const auto& k : kIntAttrs)
                    if (const auto v = st.column_opt_int64(k.col))
                        e.attrs[k.attr] = *v;
                if (assoc && *assoc != 0)
                    e.attrs["associated_message_type"] = *assoc;
                if (account && !account->empty())
                    accounts.insert(*account);
                if (wal_only)
                    e.attrs["wal_only"] = true;
                if (const auto deleted = chat_index.recoverable(id)) {
                    e.deleted = true;
                    e.attrs["recently_deleted"] = true;
                    if (*deleted != 0)
                        e.attrs["delete_date"] = store::format_utc_ms(
                            *apple_time_auto(*deleted, "chat_recoverable_message_join.delete_date").utc_ms);
                }
                if (caller && !caller->empty())
                    callers.insert(*caller);
                if (item_type != 0) {
                    e.attrs["item_type"] = item_type;
                    if (const auto v = st.column_opt_int64(kGroupActionType))
                        e.attrs["group_action_type"] = *v;
                    if (auto v = cells.opt(kGroupTitle))
                        e.attrs["group_title"] = std::move(*v);
                }

                // Parties: the sender, then everyone else in the chat (the owner included).
                const Chat* chat = nullptr;
                if (const auto chat_id = chat_index.chat_of(id)) {
                    if (const auto ch = chats.find(*chat_id); ch != chats.end()) {
                        chat = &ch->second;
                        e.thread = chat->guid;
                        e.attrs["chat_identifier"] = chat->identifier;
                        if (!chat->display_name.empty())
                            e.attrs["chat_name"] = chat->display_name;
                        e.attrs["chat_participants"] = static_cast<std::int64_t>(chat->handles.size());
                    }
                }
                const auto handle_id = st.column_int64(kHandleId);
                resolved.clear();
                auto entity_of = [&](std::int64_t h) -> std::int64_t {
                    for (const auto& r : resolved)
                        if (r.first == h)
                            return r.second;
                    std::int64_t ent = 0;
                    if (const auto it = handles.find(h); it != handles.end()) {
                        const Handle& hd = it->second;
                        ent = w.identifier(hd.email ? "email" : "phone", hd.id, src, hd.region).entity_id;
                    }
                    resolved.emplace_back(h, ent);
                    return ent;
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
                added.assign(1, sender);
                auto add_recipient = [&](std::int64_t ent) {
                    if (ent == 0 || std::find(added.begin(), added.end(), ent) != added.end())
                        return;
                    added.push_back(ent);
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
                    if (const auto other = st.column_opt_int64(kOtherHandle); other && *other != 0)
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
                if (!tapbacks.empty())
                    if (const auto it = tapbacks.find(guid); it != tapbacks.end()) {
                        e.attrs["tapbacks"] = tapbacks_json(it->second, handles, ctx);
                        tapbacks_attached += static_cast<std::int64_t>(it->second.size());
                    }
                e.attrs["guid"] = std::move(guid);
                cells.report(ctx, inner);
                w.event(e, src);
                write_media_events(w, e, found, locator, src, media_members);
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
};

} // namespace

const Importer& ios_sms_importer() {
    static const IosSms instance;
    return instance;
}

} // namespace casegraph::ingest
