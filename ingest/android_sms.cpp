// Android telephony provider (mmssms.db): the `sms` table and MMS (`pdu` + `addr` + `part`). Columns
// follow the Telephony provider contract; `sms.date` is ms since the Unix epoch but `pdu.date` is
// SECONDS; the owner's own number is in neither (MMS names it `insert-address-token`).
#include "android_common.hpp"
#include "attachments.hpp"
#include "formats.hpp"
#include "sqlite_util.hpp"

#include <cstdlib>
#include <map>
#include <optional>
#include <set>

namespace casegraph::ingest {
namespace {

// sms.type (Telephony.TextBasedSmsColumns): 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
std::string_view type_name(std::int64_t t) {
    switch (t) {
    case 1:
        return "inbox";
    case 2:
        return "sent";
    case 3:
        return "draft";
    case 4:
        return "outbox";
    case 5:
        return "failed";
    case 6:
        return "queued";
    default:
        return "unknown";
    }
}

// --- MMS -------------------------------------------------------------------------------------------

// addr.type (PduHeaders): who an address is in the message header.
std::string_view addr_type_name(std::int64_t t) {
    switch (t) {
    case 137:
        return "from";
    case 151:
        return "to";
    case 130:
        return "cc";
    case 129:
        return "bcc";
    default:
        return "unknown";
    }
}

// pdu.m_type (PduHeaders.MESSAGE_TYPE_*): the messages a person wrote, versus network reports.
std::string_view m_type_name(std::int64_t t) {
    switch (t) {
    case 128:
        return "send-req";
    case 130:
        return "notification-ind";
    case 132:
        return "retrieve-conf";
    case 134:
        return "delivery-ind";
    case 136:
        return "read-orig-ind";
    default:
        return "other";
    }
}

struct MmsAddr {
    std::int64_t id = 0;
    std::string address;
    std::int64_t type = 0;
    std::size_t not_utf8 = 0; // bytes replaced by U+FFFD
};

struct MmsPart {
    std::int64_t id = 0;
    std::int64_t seq = 0;
    std::string ct;
    std::optional<std::string> name, cl, fn, data, text;
    std::size_t not_utf8 = 0; // bytes replaced by U+FFFD
};

// The literal the provider writes in place of the device's own number.
constexpr std::string_view kOwnerToken = "insert-address-token";

std::map<std::int64_t, std::vector<MmsAddr>> load_addrs(const store::Db& db) {
    std::map<std::int64_t, std::vector<MmsAddr>> out;
    if (!has_table(db, "addr"))
        return out;
    auto st = db.prepare("SELECT _id, msg_id, address, type FROM addr ORDER BY msg_id, _id");
    while (st.step()) {
        TextCells cells(st);
        auto address = cells.text(2);
        out[st.column_int64(1)].push_back(
            {st.column_int64(0), std::move(address), st.column_int64(3), cells.replaced()});
    }
    return out;
}

std::map<std::int64_t, std::vector<MmsPart>> load_parts(const store::Db& db) {
    std::map<std::int64_t, std::vector<MmsPart>> out;
    if (!has_table(db, "part"))
        return out;
    const auto cols = table_columns(db, "part");
    auto st = db.prepare("SELECT " +
                         select_list(cols, {"_id", "mid", "seq", "ct", "name", "cl", "fn", "_data", "text"}) +
                         " FROM part ORDER BY mid, seq, _id");
    while (st.step()) {
        MmsPart p;
        TextCells cells(st);
        p.id = st.column_int64(0);
        p.seq = st.column_int64(2);
        p.ct = cells.text(3);
        p.name = cells.opt(4);
        p.cl = cells.opt(5);
        p.fn = cells.opt(6);
        p.data = cells.opt(7);
        p.text = cells.opt(8);
        p.not_utf8 = cells.replaced();
        out[st.column_int64(1)].push_back(std::move(p));
    }
    return out;
}

// threads.recipient_ids ("3 7 12") resolved through canonical_addresses: the members of each thread.
std::map<std::int64_t, std::vector<std::string>> load_thread_members(const store::Db& db) {
    std::map<std::int64_t, std::vector<std::string>> out;
    if (!has_table(db, "threads") || !has_table(db, "canonical_addresses"))
        return out;
    std::map<std::int64_t, std::string> canonical;
    auto ca = db.prepare("SELECT _id, address FROM canonical_addresses");
    while (ca.step())
        canonical[ca.column_int64(0)] = ca.column_text(1);
    auto st = db.prepare("SELECT _id, recipient_ids FROM threads");
    while (st.step()) {
        auto& members = out[st.column_int64(0)];
        const std::string ids = st.column_text(1);
        std::size_t i = 0;
        while (i < ids.size()) {
            const auto end = std::min(ids.find(' ', i), ids.size());
            const auto token = ids.substr(i, end - i);
            i = end + 1;
            if (token.empty())
                continue;
            char* stop = nullptr;
            const long long id = std::strtoll(token.c_str(), &stop, 10);
            const auto it = canonical.find(id);
            members.push_back(it != canonical.end() && *stop == '\0' ? it->second
                                                                     : "canonical_addresses#" + token);
        }
    }
    return out;
}

// Phone numbers, or e-mail addresses (MMS can be sent to an address), as identifiers.
store::Resolved mms_identifier(ImportContext& ctx, const std::string& address, std::int64_t src) {
    if (address.find('@') != std::string::npos)
        return ctx.writer().identifier("email", address, src);
    return ctx.writer().identifier("phone", address, src, ctx.default_region());
}

void read_android_mms(const EvidenceDb& edb, ImportContext& ctx, std::int64_t owner) {
    const auto& db = edb.db;
    const auto cols = table_columns(db, "pdu");
    for (const char* required : {"_id", "date", "msg_box"})
        if (cols.count(required) == 0)
            throw InputError("unsupported", ctx.input().display_name + ": table pdu has no column " +
                                                required + "; not a Telephony MMS schema casegraph knows");
    const auto addrs = load_addrs(db);
    const auto parts = load_parts(db);
    const auto members = load_thread_members(db);
    const RowLocator where(edb, "pdu");
    auto& w = ctx.writer();
    std::int64_t rows = 0, smil = 0, media = 0;
    std::set<std::string> media_members;
    auto st = db.prepare("SELECT " +
                         select_list(cols, {"_id", "thread_id", "date", "date_sent", "msg_box", "m_type",
                                            "sub", "read", "seen", "locked", "m_id", "st"}) +
                         " FROM pdu ORDER BY _id");
    while (st.step()) {
        ++rows;
        const std::int64_t id = st.column_int64(0);
        const std::string inner = where(id);
        const bool wal_only = where.wal_only(id);
        ctx.record(inner, [&] {
            TextCells cells(st);
            const auto src = w.source(ctx.locator(inner));
            store::EventRecord e;
            e.app = "mms";
            const auto m_type = st.column_opt_int64(5);
            // Delivery and read reports are network bookkeeping, not something a person wrote.
            e.kind = m_type == 134 || m_type == 136 ? "system" : "message";
            if (m_type) {
                e.attrs["m_type"] = *m_type;
                e.attrs["m_type_name"] = m_type_name(*m_type);
            }
            if (!st.column_is_null(1))
                e.thread = std::to_string(st.column_int64(1));
            if (!st.column_is_null(2) && st.column_int64(2) != 0) {
                const auto s = st.column_int64(2);
                e.time =
                    store::time_from_unix_ms(s * 1000, std::to_string(s), "android pdu.date unix-s", "s");
            } else {
                e.time.raw = cells.text(2);
                e.time.rule = "android pdu.date missing";
                ctx.warning(inner, "no date (pdu.date is 0 or NULL)");
            }
            if (!st.column_is_null(3) && st.column_int64(3) != 0)
                e.attrs["date_sent_s"] = st.column_int64(3);
            const auto box = st.column_int64(4);
            // msg_box: 1 inbox, 2 sent, 3 drafts, 4 outbox, 5 failed.
            e.direction = box == 1 ? "incoming" : (box >= 2 && box <= 5 ? "outgoing" : "unknown");
            e.attrs["msg_box"] = box;
            if (auto s = cells.opt(6); s && !s->empty())
                e.attrs["subject"] = *s;
            for (const auto& [col, key] : {std::pair{7, "read"}, {8, "seen"}, {9, "locked"}, {11, "st"}})
                if (auto v = st.column_opt_int64(col))
                    e.attrs[key] = *v;
            if (auto v = cells.opt(10); v && !v->empty())
                e.attrs["m_id"] = *v;
            if (wal_only)
                e.attrs["wal_only"] = true;

            // Parties from the message's own header rows.
            bool have_sender = false, owner_party = false;
            auto add_party = [&](std::int64_t entity, std::string role) {
                for (const auto& p : e.parties)
                    if (p.entity_id == entity && p.role == role)
                        return;
                have_sender = have_sender || role == "sender";
                owner_party = owner_party || entity == owner;
                e.parties.push_back({entity, std::move(role)});
            };
            e.attrs["addresses"] = nlohmann::json::array();
            if (const auto it = addrs.find(id); it != addrs.end()) {
                for (const auto& a : it->second) {
                    cells.add(a.not_utf8, "addr row " + std::to_string(a.id));
                    const auto type = addr_type_name(a.type);
                    nlohmann::json item{{"addr_rowid", a.id}, {"address", a.address}, {"type", type}};
                    if (type == "unknown")
                        ctx.warning(inner, "addr row " + std::to_string(a.id) + " has type " +
                                               std::to_string(a.type) + "; recorded as a participant");
                    const std::string role =
                        type == "from" ? "sender" : (type == "unknown" ? "participant" : "recipient");
                    if (a.address == kOwnerToken) {
                        item["owner"] = true;
                        add_party(owner, role);
                    } else if (a.address.find_first_not_of(" \t") == std::string::npos) {
                        ctx.warning(inner, "addr row " + std::to_string(a.id) + " has no address; left out");
                        continue;
                    } else {
                        const auto r = mms_identifier(ctx, a.address, src);
                        item["value"] = r.value;
                        add_party(r.entity_id, role);
                    }
                    e.attrs["addresses"].push_back(item);
                }
            }
            if (!have_sender) {
                if (e.direction == "outgoing") {
                    add_party(owner, "sender");
                } else {
                    ctx.warning(inner, "no FROM address: the sender is unknown");
                    add_party(w.entity("phone", "unknown-party:" + w.evidence_sha256(), "unknown party", src),
                              "sender");
                }
            }
            if (!owner_party && e.direction == "incoming")
                add_party(owner, "recipient");
            // Thread members give a group's participants even when this message's header is incomplete.
            if (e.thread)
                if (const auto it = members.find(std::stoll(*e.thread)); it != members.end())
                    e.attrs["thread_participants"] = it->second;

            // Parts: text/plain joined as the body, SMIL layout skipped, the rest recorded as media.
            std::string body;
            bool has_text = false;
            std::vector<FoundAttachment> found;
            if (const auto it = parts.find(id); it != parts.end()) {
                for (const auto& p : it->second) {
                    cells.add(p.not_utf8, "part " + std::to_string(p.id));
                    if (p.ct == "application/smil") {
                        ++smil;
                        continue;
                    }
                    if (p.ct == "text/plain" && p.text) {
                        body += (has_text ? "\n" : "") + *p.text;
                        has_text = true;
                        continue;
                    }
                    ++media;
                    nlohmann::json m{{"part_rowid", p.id}, {"seq", p.seq}, {"ct", p.ct}};
                    for (const auto& [v, key] :
                         {std::pair{&p.name, "name"}, {&p.cl, "cl"}, {&p.fn, "fn"}, {&p.data, "_data"}})
                        if (*v)
                            m[key] = **v;
                    const auto lookup = p.data ? find_attachment(ctx.input(), *p.data) : AttachmentLookup{};
                    describe_attachment(m, lookup);
                    if (!lookup.problem.empty())
                        ctx.warning(inner, "part " + std::to_string(p.id) + ": " + lookup.problem);
                    if (lookup.found)
                        found.push_back(*lookup.found);
                    e.attrs["media"].push_back(m);
                }
            }
            if (has_text)
                e.body = body;
            cells.report(ctx, inner);
            w.event(e, src);
            write_media_events(w, e, found, ctx.locator(inner), src, media_members);
        });
    }
    ctx.note("mms.rows", rows);
    ctx.note("mms.smil_parts_skipped", smil);
    ctx.note("mms.media_parts", media);
    ctx.note("mms.wal_only_rows", where.wal_only_rows());
}

class AndroidSms final : public Importer {
  public:
    std::string_view format() const override { return "android-sms"; }
    std::string_view version() const override { return "2"; }
    std::string_view description() const override { return "Android mmssms.db (SMS and MMS)"; }

    int detect(const Probe& p) const override {
        if (!p.has_table("sms"))
            return 0;
        return p.has_table("threads") || p.has_table("canonical_addresses") ? 80 : 40;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        auto edb = open_evidence_db(input.path, input.wal, input.display_name);
        const auto& db = edb.db;
        const auto cols = table_columns(db, "sms");
        for (const char* required : {"_id", "address", "date", "type", "body"})
            if (cols.count(required) == 0)
                throw InputError("unsupported",
                                 input.display_name + ": table sms has no column " + required +
                                     "; this is not a Telephony provider schema casegraph knows");
        ctx.note("user_version", db.scalar_int("PRAGMA user_version"));
        ctx.note("wal_present", edb.wal_present);
        const RowLocator where(edb, "sms");

        auto& w = ctx.writer();
        // Without --owner the device's own number is unknown: one placeholder per evidence file.
        const std::int64_t owner = evidence_owner(ctx, w.source(ctx.locator("sqlite:sms")));

        auto st = db.prepare("SELECT " +
                             select_list(cols, {"_id", "thread_id", "address", "date", "date_sent", "type",
                                                "read", "status", "body", "subject", "service_center",
                                                "sub_id", "locked", "seen", "error_code"}) +
                             " FROM sms ORDER BY _id");
        while (st.step()) {
            const std::int64_t id = st.column_int64(0);
            const bool wal_only = where.wal_only(id);
            const std::string inner = where(id);
            ctx.record(inner, [&] {
                TextCells cells(st);
                const auto src = w.source(ctx.locator(inner));
                const auto address = cells.opt(2);
                const auto type = st.column_int64(5);
                store::EventRecord e;
                e.kind = "message";
                e.app = "sms";
                if (!st.column_is_null(1))
                    e.thread = std::to_string(st.column_int64(1));
                e.body = cells.opt(8);
                if (!st.column_is_null(3) && st.column_int64(3) != 0) {
                    const auto ms = st.column_int64(3);
                    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "android sms.date unix-ms");
                } else {
                    e.time.raw = cells.text(3);
                    e.time.rule = "android sms.date missing";
                    ctx.warning(inner, "no date (sms.date is 0 or NULL)");
                }
                const bool incoming = type == 1;
                e.direction = incoming ? "incoming" : (type >= 2 && type <= 6 ? "outgoing" : "unknown");
                e.attrs["sms_type"] = type_name(type);
                if (!st.column_is_null(4) && st.column_int64(4) != 0)
                    e.attrs["date_sent_ms"] = st.column_int64(4);
                if (!st.column_is_null(6))
                    e.attrs["read"] = st.column_int64(6);
                if (!st.column_is_null(7))
                    e.attrs["status"] = st.column_int64(7);
                if (auto s = cells.opt(9))
                    e.attrs["subject"] = *s;
                if (auto s = cells.opt(10))
                    e.attrs["service_center"] = *s;
                if (!st.column_is_null(11))
                    e.attrs["sub_id"] = st.column_int64(11);
                if (wal_only)
                    e.attrs["wal_only"] = true;
                std::int64_t other = 0;
                if (address && !address->empty()) {
                    other = w.identifier("phone", *address, src, ctx.default_region()).entity_id;
                } else {
                    ctx.warning(inner, "no address: the other party is unknown");
                    other = w.entity("phone", "unknown-party:" + w.evidence_sha256(), "unknown party", src);
                }
                if (incoming)
                    e.parties = {{other, "sender"}, {owner, "recipient"}};
                else
                    e.parties = {{owner, "sender"}, {other, "recipient"}};
                cells.report(ctx, inner);
                w.event(e, src);
            });
        }
        ctx.note("sms.wal_only_rows", where.wal_only_rows());
        if (has_table(db, "pdu"))
            read_android_mms(edb, ctx, owner);
        else
            ctx.note("mms.present", false);
    }
};

} // namespace

const Importer& android_sms_importer() {
    static const AndroidSms instance;
    return instance;
}

} // namespace casegraph::ingest
