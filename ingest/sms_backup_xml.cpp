// "SMS Backup & Restore" (<smses> with <sms>/<mms>, <calls> with <call>) and "Super Backup" (<alllogs>
// with <log>) XML exports of Android messages and call logs. Dates are ms since the Unix epoch; the
// literal string "null" means an absent value; the owner's own number is not in the rows.
#include "evidence_owner.hpp"
#include "filtered_xml.hpp"
#include "formats.hpp"

#include <charconv>
#include <map>
#include <optional>

namespace casegraph::ingest {
namespace {

// The backup apps write "null" for absent attributes (Java's String.valueOf(null)).
std::optional<std::string> value(const XmlElement& e, std::string_view key) {
    const auto* v = e.attr(key);
    if (v == nullptr || v->empty() || *v == "null")
        return std::nullopt;
    return *v;
}

std::optional<std::int64_t> parse_int(const std::string& s) {
    std::int64_t v = 0;
    const auto* end = s.data() + s.size();
    const auto r = std::from_chars(s.data(), end, v);
    if (r.ec != std::errc() || r.ptr != end)
        return std::nullopt;
    return v;
}

// A required integer attribute: a missing or non-numeric value makes the record malformed.
std::int64_t required_int(const XmlElement& e, std::string_view key) {
    const auto v = value(e, key);
    if (!v)
        throw std::runtime_error("<" + e.name + "> has no " + std::string(key) + " attribute");
    const auto n = parse_int(*v);
    if (!n)
        throw std::runtime_error("<" + e.name + "> " + std::string(key) + "=\"" + *v +
                                 "\" is not an integer");
    return *n;
}

void put_int(nlohmann::json& attrs, const XmlElement& e, std::string_view key, const char* name) {
    if (const auto v = value(e, key)) {
        if (const auto n = parse_int(*v))
            attrs[name] = *n;
        else
            attrs[name] = *v;
    }
}

void put_text(nlohmann::json& attrs, const XmlElement& e, std::string_view key, const char* name) {
    if (const auto v = value(e, key))
        attrs[name] = *v;
}

// Telephony sms.type / mms msg_box: 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
std::string_view box_name(std::int64_t t) {
    static constexpr std::string_view names[] = {"unknown", "inbox",  "sent",  "draft",
                                                 "outbox",  "failed", "queued"};
    return t >= 1 && t <= 6 ? names[t] : names[0];
}

// CallLog.Calls.TYPE: the Super Backup and SMS Backup & Restore apps copy it as is.
std::string_view call_type_name(std::int64_t t) {
    static constexpr std::string_view names[] = {"unknown",   "incoming", "outgoing", "missed",
                                                 "voicemail", "rejected", "blocked",  "answered_externally"};
    return t >= 1 && t <= 7 ? names[t] : names[0];
}

std::string_view root_element(std::string_view head) {
    std::size_t i = 0;
    if (head.substr(0, 3) == "\xEF\xBB\xBF")
        i = 3;
    while (i < head.size()) {
        const char c = head[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++i;
            continue;
        }
        if (c != '<')
            return {};
        if (head.substr(i, 2) == "<?" || head.substr(i, 2) == "<!") {
            // Declaration, comment or DOCTYPE before the root: skip past its end.
            const bool comment = head.substr(i, 4) == "<!--";
            const auto end = comment ? head.find("-->", i + 4) : head.find('>', i);
            if (end == std::string_view::npos)
                return {};
            i = end + (comment ? 3 : 1);
            continue;
        }
        std::size_t j = i + 1;
        while (j < head.size() && head[j] != ' ' && head[j] != '>' && head[j] != '/' && head[j] != '\t' &&
               head[j] != '\r' && head[j] != '\n')
            ++j;
        return head.substr(i + 1, j - i - 1);
    }
    return {};
}

class SmsBackupXml final : public Importer {
  public:
    std::string_view format() const override { return "sms-backup-xml"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "SMS Backup & Restore / Super Backup XML (SMS, MMS, call log)";
    }

    int detect(const Probe& p) const override {
        const auto root = root_element(p.head_text());
        const auto head = p.head_text();
        if (root == "smses")
            return 90;
        if (root == "alllogs")
            return head.find("<log ") != std::string_view::npos ||
                           head.find("count=") != std::string_view::npos
                       ? 90
                       : 60;
        if (root == "calls")
            return head.find("<call ") != std::string_view::npos ||
                           head.find("count=") != std::string_view::npos
                       ? 90
                       : 40;
        return 0;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        FilteredXmlReader reader(input.path, input.display_name);
        std::string root;
        std::map<std::string, std::int64_t> seen; // element name -> count, for 1-based locator indexes
        std::int64_t owner = 0;
        std::int64_t skipped = 0;
        try {
            while (reader.next_element()) {
                if (reader.depth() == 0) {
                    root = reader.name();
                    if (root != "smses" && root != "calls" && root != "alllogs")
                        throw InputError("unsupported", input.display_name + ": root element <" + root +
                                                            "> is not an SMS Backup & Restore or Super "
                                                            "Backup export (<smses>, <calls>, <alllogs>)");
                    ctx.note("root", root);
                    continue;
                }
                if (reader.depth() != 1)
                    continue;
                const std::string name = reader.name();
                const std::string inner =
                    "xml:/" + root + "/" + name + "[" + std::to_string(++seen[name]) + "]";
                const auto before = reader.replaced();
                XmlElement el = reader.take();
                if (owner == 0)
                    owner = evidence_owner(ctx, ctx.writer().source(ctx.locator("xml:/" + root)));
                const bool filtered = reader.replaced() != before;
                ctx.record(inner, [&] {
                    if (filtered)
                        ctx.warning(inner, "characters not allowed in XML were replaced by U+FFFD near this "
                                           "element while reading");
                    if (root == "smses" && name == "sms")
                        sms(el, inner, owner, ctx);
                    else if (root == "smses" && name == "mms")
                        mms(el, inner, owner, ctx);
                    else if ((root == "calls" && name == "call") || (root == "alllogs" && name == "log"))
                        call(el, inner, owner, ctx, root == "alllogs");
                    else {
                        ++skipped;
                        ctx.warning(inner,
                                    "element <" + name + "> is not a record this importer knows; skipped");
                    }
                });
            }
        } catch (const XmlSyntaxError& e) {
            // The records before the break are kept; the rest of the file cannot be read.
            if (seen.empty())
                throw InputError("failed", e.what());
            ctx.error("xml:/" + root, std::string(e.what()) + "; records after this point were not read");
        }
        if (root.empty())
            throw InputError("failed", input.display_name + ": no XML root element");
        for (const auto& [n, c] : seen)
            ctx.note("elements." + n, c);
        ctx.note("control_characters_replaced", reader.replaced());
        if (reader.replaced() > 0)
            ctx.warning("xml:/" + root, std::to_string(reader.replaced()) +
                                            " character(s) not allowed in XML 1.0 (or bytes "
                                            "that are not UTF-8) were replaced by U+FFFD");
        if (skipped > 0)
            ctx.note("skipped_unknown_elements", skipped);
    }

  private:
    static std::int64_t party(const std::optional<std::string>& number, std::int64_t src, ImportContext& ctx,
                              const std::string& inner) {
        auto& w = ctx.writer();
        if (number)
            return w.identifier("phone", *number, src, ctx.default_region()).entity_id;
        ctx.warning(inner, "no number: the other party is unknown (withheld or not recorded)");
        return w.entity("phone", "unknown-party:" + w.evidence_sha256(), "unknown party", src);
    }

    static store::EventTime ms_time(const XmlElement& el, std::string_view key, const char* rule) {
        const auto ms = required_int(el, key);
        return store::time_from_unix_ms(ms, *value(el, key), rule);
    }

    static void sms(const XmlElement& el, const std::string& inner, std::int64_t owner, ImportContext& ctx) {
        auto& w = ctx.writer();
        const auto src = w.source(ctx.locator(inner));
        store::EventRecord e;
        e.kind = "message";
        e.app = "sms";
        e.time = ms_time(el, "date", "sms-backup sms.date unix-ms");
        const auto type = required_int(el, "type");
        e.body = value(el, "body");
        e.direction = type == 1 ? "incoming" : (type >= 2 && type <= 6 ? "outgoing" : "unknown");
        e.attrs["sms_type"] = box_name(type);
        put_text(e.attrs, el, "subject", "subject");
        put_text(e.attrs, el, "service_center", "service_center");
        put_int(e.attrs, el, "read", "read");
        put_int(e.attrs, el, "status", "status");
        put_int(e.attrs, el, "locked", "locked");
        put_int(e.attrs, el, "date_sent", "date_sent_ms");
        put_int(e.attrs, el, "sub_id", "sub_id");
        put_text(e.attrs, el, "readable_date", "readable_date");
        const auto contact = value(el, "contact_name");
        if (contact)
            e.attrs["contact_name"] = *contact;
        const auto other = party(value(el, "address"), src, ctx, inner);
        if (contact && *contact != "(Unknown)")
            w.label_if_empty(other, *contact);
        if (type == 1)
            e.parties = {{other, "sender"}, {owner, "recipient"}};
        else
            e.parties = {{owner, "sender"}, {other, "recipient"}};
        w.event(e, src);
    }

    static void mms(const XmlElement& el, const std::string& inner, std::int64_t owner, ImportContext& ctx) {
        auto& w = ctx.writer();
        const auto src = w.source(ctx.locator(inner));
        store::EventRecord e;
        e.kind = "message";
        e.app = "mms";
        e.time = ms_time(el, "date", "sms-backup mms.date unix-ms");
        const auto box = required_int(el, "msg_box");
        const bool incoming = box == 1;
        e.direction = incoming ? "incoming" : (box >= 2 && box <= 6 ? "outgoing" : "unknown");
        e.attrs["msg_box"] = box_name(box);
        put_text(e.attrs, el, "sub", "subject");
        put_int(e.attrs, el, "read", "read");
        put_text(e.attrs, el, "m_id", "m_id");
        put_text(e.attrs, el, "contact_name", "contact_name");
        std::string body;
        nlohmann::json attachments = nlohmann::json::array();
        std::vector<store::Party> parties;
        for (const auto& group : el.children) {
            for (const auto& c : group.children) {
                if (group.name == "parts" && c.name == "part") {
                    const auto ct = value(c, "ct").value_or("");
                    if (ct == "text/plain") {
                        if (!body.empty())
                            body += "\n";
                        body += value(c, "text").value_or("");
                        continue;
                    }
                    // Media and layout parts: metadata only; the base64 data stays in the evidence file.
                    nlohmann::json a;
                    a["content_type"] = ct;
                    put_text(a, c, "name", "name");
                    put_text(a, c, "cl", "filename");
                    if (const auto* d = c.attr("data"))
                        a["data_bytes_base64"] = d->size();
                    attachments.push_back(std::move(a));
                } else if (group.name == "addrs" && c.name == "addr") {
                    const auto addr = value(c, "address");
                    if (!addr || *addr == "insert-address-token")
                        continue; // the owner's own slot: the owner is added below
                    const auto t = value(c, "type").value_or("");
                    // PduHeaders: 137 FROM, 151 TO, 130 CC, 129 BCC.
                    const auto id = w.identifier("phone", *addr, src, ctx.default_region()).entity_id;
                    parties.push_back({id, t == "137" ? "sender" : "recipient"});
                }
            }
        }
        if (parties.empty())
            if (const auto addr = value(el, "address")) {
                // No <addrs>: the address attribute lists the other parties joined by '~'.
                std::size_t start = 0;
                while (start <= addr->size()) {
                    auto end = addr->find('~', start);
                    if (end == std::string::npos)
                        end = addr->size();
                    if (end > start) {
                        const auto id =
                            w.identifier("phone", addr->substr(start, end - start), src, ctx.default_region())
                                .entity_id;
                        parties.push_back({id, incoming ? "sender" : "recipient"});
                    }
                    start = end + 1;
                }
            }
        if (parties.empty())
            ctx.warning(inner, "MMS names no address: only the owner is a party");
        parties.push_back({owner, incoming ? "recipient" : "sender"});
        e.parties = std::move(parties);
        if (!body.empty())
            e.body = body;
        if (!attachments.empty())
            e.attrs["attachments"] = attachments;
        w.event(e, src);
    }

    static void call(const XmlElement& el, const std::string& inner, std::int64_t owner, ImportContext& ctx,
                     bool super_backup) {
        auto& w = ctx.writer();
        const auto src = w.source(ctx.locator(inner));
        store::EventRecord e;
        e.kind = "call";
        e.app = "phone";
        // Super Backup also writes a localised "17.09.2018 21:58:22" in `time`; the ms `date` is exact.
        e.time = ms_time(el, "date",
                         super_backup ? "super-backup log.date unix-ms" : "sms-backup call.date unix-ms");
        const auto type = required_int(el, "type");
        const bool outgoing = type == 2;
        e.direction = outgoing ? "outgoing" : (type >= 1 && type <= 7 ? "incoming" : "unknown");
        e.attrs["call_type"] = call_type_name(type);
        e.attrs["answered"] = type == 1 || type == 2 || type == 7;
        const char* dur_key = super_backup ? "dur" : "duration";
        if (const auto d = value(el, dur_key)) {
            const auto n = parse_int(*d);
            if (!n)
                throw std::runtime_error("<" + el.name + "> " + dur_key + "=\"" + *d +
                                         "\" is not an integer");
            e.attrs["duration_s"] = *n;
        }
        put_text(e.attrs, el, "time", "time_text");
        put_text(e.attrs, el, "readable_date", "readable_date");
        put_int(e.attrs, el, "presentation", "presentation");
        put_int(e.attrs, el, "new", "new");
        put_int(e.attrs, el, "subscription_id", "subscription_id");
        const auto contact = value(el, super_backup ? "name" : "contact_name");
        if (contact)
            e.attrs["contact_name"] = *contact;
        const auto number = value(el, "number");
        std::int64_t other = 0;
        if (!number || number->starts_with("-")) {
            // CallLog writes "-1"/"-2" or nothing for withheld and unknown numbers: a pseudo-party, not a
            // phone.
            other = w.entity("phone", "withheld:" + w.evidence_sha256(), "withheld number", src);
            e.attrs["withheld"] = true;
        } else {
            other = w.identifier("phone", *number, src, ctx.default_region()).entity_id;
            if (contact && *contact != "(Unknown)")
                w.label_if_empty(other, *contact);
        }
        if (outgoing)
            e.parties = {{owner, "caller"}, {other, "callee"}};
        else
            e.parties = {{other, "caller"}, {owner, "callee"}};
        w.event(e, src);
    }
};

} // namespace

const Importer& sms_backup_xml_importer() {
    static const SmsBackupXml instance;
    return instance;
}

} // namespace casegraph::ingest
