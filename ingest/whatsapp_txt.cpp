// WhatsApp "Export chat" text files (Android and iOS, every locale; DOMAIN.md §3.1), alone or as the
// _chat.txt of a .zip export whose media members are linked to their messages by hash and locator.
// Two passes over the file: the first decides the date order and who takes part, the second imports.
#include "chat_names.hpp"
#include "chat_time.hpp"
#include "formats.hpp"
#include "text_encoding.hpp"
#include "whatsapp_lines.hpp"

#include <fstream>
#include <map>
#include <set>

namespace casegraph::ingest {
namespace {

namespace wa = whatsapp;

// Reads a text file line by line with 1-based numbers, dropping the BOM and a CR before the LF. WhatsApp
// writes UTF-8: a byte that is not is damage, replaced by U+FFFD (replaced() counts them on the line).
class LineReader {
  public:
    LineReader(const std::filesystem::path& path, const std::string& shown) : in_(path, std::ios::binary) {
        if (!in_)
            throw InputError("failed", shown + ": cannot be opened");
    }
    bool next(std::string& line) {
        if (!std::getline(in_, line))
            return false;
        ++number_;
        if (number_ == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
            line.erase(0, 3);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        replaced_ = 0;
        if (!is_valid_utf8(line))
            line = utf8_lossy(line, &replaced_);
        return true;
    }
    [[nodiscard]] std::int64_t number() const { return number_; }
    [[nodiscard]] std::size_t replaced() const { return replaced_; }

  private:
    std::ifstream in_;
    std::int64_t number_ = 0;
    std::size_t replaced_ = 0;
};

bool is_group_marker(std::string_view system_kind) {
    return system_kind == "group_created" || system_kind == "added" || system_kind == "joined" ||
           system_kind == "left" || system_kind == "removed" || system_kind == "subject_changed" ||
           system_kind == "icon_changed" || system_kind == "description_changed" || system_kind == "admin";
}

std::string basename_of(std::string_view path) {
    const auto slash = path.find_last_of("/\\");
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string dirname_of(std::string_view path) {
    const auto slash = path.find_last_of("/\\");
    return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

// WhatsApp names an export after the chat: "WhatsApp Chat with Boss.txt" (Android, or localised:
// "WhatsApp Chat mit Boss.txt"), "WhatsApp Chat - Boss.zip" holding "_chat.txt" (iOS). In a one-to-one
// chat the chat's name is the other person's, so the one sender whose name the export's name ends with is
// that person; the other sender is the phone's owner. Returns the export's names worth trying.
std::vector<std::string> export_names(const Input& input) {
    std::vector<std::string> names;
    auto add = [&](std::string n) {
        n = basename_of(n);
        for (const char* ext : {".txt", ".zip"})
            if (n.size() > 4 && n.compare(n.size() - 4, 4, ext) == 0)
                n.resize(n.size() - 4);
        // A second export of the same chat saved beside the first: "… Boss (1)".
        if (n.size() > 4 && n.back() == ')') {
            const auto open = n.rfind(" (");
            if (open != std::string::npos && n.find_first_not_of("0123456789", open + 2) == n.size() - 1 &&
                open + 3 < n.size())
                n.resize(open);
        }
        std::string lower = n;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower.find("whatsapp") != std::string::npos)
            names.push_back(n);
    };
    const auto bang = input.display_name.find('!');
    if (bang != std::string::npos)
        add(input.display_name.substr(0, bang));
    add(input.member.empty() ? input.display_name : input.member);
    return names;
}

// The owner's name in a one-to-one chat, inferred from the export's name (see export_names); empty when
// the export's name does not single out exactly one of the two senders.
std::string owner_from_export_name(const Input& input, const std::set<std::string>& two_senders) {
    if (two_senders.size() != 2)
        return {};
    for (const auto& name : export_names(input)) {
        std::vector<std::string> named; // senders the export's name ends with, after a space or dash
        for (const auto& s : two_senders)
            if (name.size() > s.size() + 1 && name.compare(name.size() - s.size(), s.size(), s) == 0 &&
                (name[name.size() - s.size() - 1] == ' ' || name[name.size() - s.size() - 1] == '-'))
                named.push_back(s);
        if (named.size() == 1)
            return *two_senders.begin() == named.front() ? *two_senders.rbegin() : *two_senders.begin();
    }
    return {};
}

// What the first pass learns about the file.
struct Survey {
    wa::DateVotes votes;
    std::int64_t headers = 0;
    std::set<std::string> senders; // cleaned display names of people (not notices)
    bool group_marker = false;
    bool has_meridiem = false;
    bool any_seconds = false;
    std::int64_t leading_lines = 0; // text before the first header
};

class WhatsAppTxt final : public Importer {
  public:
    std::string_view format() const override { return "whatsapp-txt"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "WhatsApp chat export (.txt, or .zip with media)";
    }

    int detect(const Probe& p) const override {
        std::string_view head = p.head_text();
        if (head.substr(0, 3) == "\xEF\xBB\xBF")
            head.remove_prefix(3);
        int headers = 0, nonempty = 0;
        bool first_is_header = false;
        while (!head.empty() && nonempty < 20) {
            const auto nl = head.find('\n');
            if (nl == std::string_view::npos && head.size() == p.head.size() && p.size > p.head.size())
                break; // an incomplete last line of the probe proves nothing
            std::string_view line = head.substr(0, nl);
            head.remove_prefix(nl == std::string_view::npos ? head.size() : nl + 1);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            if (line.empty())
                continue;
            const bool is_header = wa::parse_header(line).has_value();
            if (nonempty == 0)
                first_is_header = is_header;
            ++nonempty;
            headers += is_header ? 1 : 0;
        }
        if (!first_is_header)
            return 0;
        return headers >= 2 ? 90 : 70;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        const Survey survey = first_pass(input);
        if (survey.headers == 0)
            throw InputError("unsupported", input.display_name + ": no WhatsApp message header line found");
        auto& w = ctx.writer();
        const auto& opts = ctx.options();

        // Date order, decided once for the whole file from its own evidence.
        const auto decision = wa::decide_order(survey.votes, wa::date_order_from(opts.date_order));
        ctx.note("date_order", std::string(wa::to_string(decision.order)));
        ctx.note("date_order_reason", decision.reason);
        ctx.note("header_lines", survey.headers);
        ctx.note("clock", survey.has_meridiem ? "12h" : "24h");
        if (decision.ambiguous) {
            ctx.note("date_order_assumed", true);
            ctx.warning("line:1", "date order is ambiguous (" + decision.reason + "): imported as " +
                                      std::string(wa::to_string(decision.order)) +
                                      " by assumption; re-import with --date-order dmy|mdy if that is wrong");
        }
        if (decision.conflicting)
            ctx.warning("line:1", "date order conflicts within the file (" + decision.reason +
                                      "); lines that do not fit are import errors");

        // Times are local wall clock with no offset in the file.
        std::string zone = opts.tz;
        if (!zone.empty() && !store::is_known_zone(zone)) {
            ctx.warning("line:1",
                        "time zone '" + zone + "' is not in the tz database; times are left unconverted");
            zone.clear();
        }
        if (zone.empty())
            ctx.warning("line:1",
                        "times in a WhatsApp export are local wall-clock times and no --tz was given: "
                        "they are stored unconverted (flagged local_unconverted)");
        ctx.note("tz", zone.empty() ? nlohmann::json(nullptr) : nlohmann::json(zone));
        ctx.note("time_is_local_as_exported", true);

        // Who the people are and what kind of chat this is.
        std::set<std::string> people;
        bool owner_writes = false; // the owner is recognisable among the senders ("You", --owner)
        for (const auto& s : survey.senders) {
            if (!is_owner_name(s, opts))
                people.insert(s);
            else
                owner_writes = true;
        }
        // The exporting phone's owner writes under her own name; the export's name says who the other is.
        std::string owner_name;
        if (!owner_writes && !survey.group_marker) {
            owner_name = owner_from_export_name(input, people);
            if (!owner_name.empty()) {
                people.erase(owner_name);
                owner_writes = true;
                ctx.note("owner_name", owner_name);
                ctx.note("owner_name_from",
                         "the export is named after the other person of this one-to-one chat (" +
                             *people.begin() + "), so the other sender is the phone's owner");
            }
        }

        const auto file_src = w.source(ctx.locator("line:1"));
        std::int64_t owner = ctx.owner_entity(file_src);
        if (owner == 0)
            // The exporting user is never named in the file as such; one placeholder per evidence file.
            owner = w.entity("device", "device-owner:" + w.evidence_sha256(),
                             owner_name.empty() ? "owner of " + input.display_name
                                                : owner_name + " (owner of " + input.display_name + ")",
                             file_src, "device-owner");
        else if (!owner_name.empty())
            w.label_if_empty(owner, owner_name);
        // Without the owner among the senders, "incoming" is only certain when one other person writes.
        const bool direction_known = owner_writes || people.size() <= 1;
        const bool group = survey.group_marker || people.size() > 2;
        ctx.note("chat_kind", group ? "group" : "one-to-one");
        ctx.note("senders", static_cast<std::int64_t>(survey.senders.size()));
        if (!group && people.size() == 2)
            ctx.note(
                "recipient_assumption",
                "one-to-one chat with two named senders: each one's messages are addressed to the other");

        const std::string scope = "whatsapp-txt:" + w.evidence_sha256();
        // Recipients are inferred, not written on the line: resolved once against the file as a whole.
        std::map<std::string, std::int64_t> people_ids;
        for (const auto& p : people)
            people_ids[p] = wa::looks_like_phone(p)
                                ? w.identifier("phone", p, file_src, ctx.default_region()).entity_id
                                : w.handle(scope, p, file_src, p).entity_id;
        const std::string self_dir = dirname_of(input.member);
        std::int64_t media_refs = 0, media_linked = 0, media_missing = 0, out_of_order = 0;
        std::optional<std::int64_t> last_ms;

        // Resolves a sender name to its entity.
        auto party = [&](const std::string& name, std::int64_t src) -> std::int64_t {
            if (is_owner_name(name, opts) || (!owner_name.empty() && name == owner_name))
                return owner;
            if (wa::looks_like_phone(name))
                return w.identifier("phone", name, src, ctx.default_region()).entity_id;
            return w.handle(scope, name, src, name).entity_id;
        };

        if (survey.leading_lines > 0)
            ctx.error("line:1", input.display_name + ": " + std::to_string(survey.leading_lines) +
                                    " line(s) before the first message header belong to no message");

        std::int64_t order = 0;
        auto flush = [&](std::int64_t line_no, const std::string& header_line, const std::string& body) {
            const std::string inner = "line:" + std::to_string(line_no);
            ++order;
            ctx.record(inner, [&] {
                const auto h = wa::parse_header(header_line);
                if (!h)
                    throw std::runtime_error("not a header line"); // cannot happen: the caller checked
                bool buddhist = false;
                const auto civil = wa::to_civil(*h, decision.order, &buddhist);
                if (!civil)
                    throw std::runtime_error(input.display_name + " " + inner + ": the date '" +
                                             std::string(h->stamp) + "' is not a valid date read as " +
                                             std::string(wa::to_string(decision.order)));
                const auto src = w.source(ctx.locator(inner));
                store::EventRecord e;
                e.app = "whatsapp";
                e.thread = input.display_name;
                e.attrs["file_order"] = order;
                e.time = local_event_time(*civil, std::string(h->stamp), zone, "whatsapp-txt",
                                          h->has_seconds ? "s" : "min", e.attrs);
                if (buddhist)
                    e.attrs["buddhist_year"] = true;
                if (last_ms && e.time.utc_ms && *e.time.utc_ms < *last_ms) {
                    ++out_of_order;
                    e.attrs["out_of_time_order"] = true; // file order is kept; never re-sorted
                }
                if (e.time.utc_ms)
                    last_ms = e.time.utc_ms;

                const wa::Split split = wa::split_sender(h->rest);
                std::string text(split.text);
                if (!body.empty())
                    text += body; // continuation lines, each starting with '\n'
                const wa::Classified c = wa::classify(text, split.sender.has_value());
                std::optional<std::string> sender_name;
                if (split.sender)
                    sender_name = wa::clean_name(*split.sender);

                if (c.kind == wa::BodyKind::system) {
                    e.kind = "system";
                    e.body = text;
                    e.attrs["system"] = c.system_kind;
                    if (sender_name)
                        e.attrs["named"] = *sender_name; // iOS: usually the chat's name, not a person
                    std::set<std::int64_t> seen;
                    if (wa::starts_with_owner_word(text))
                        if (seen.insert(owner).second)
                            e.parties.push_back({owner, "participant"});
                    for (auto phone : wa::phones_in(text)) {
                        const auto id = w.identifier("phone", phone, src, ctx.default_region()).entity_id;
                        if (seen.insert(id).second)
                            e.parties.push_back({id, "participant"});
                    }
                    e.direction = "unknown";
                    w.event(e, src);
                    return;
                }
                if (!sender_name || sender_name->empty())
                    throw std::runtime_error(input.display_name + " " + inner +
                                             ": a message with an empty sender");

                e.kind = "message";
                const std::int64_t from = party(*sender_name, src);
                const bool from_owner = from == owner;
                e.direction = from_owner ? "outgoing" : (direction_known ? "incoming" : "unknown");
                e.parties.push_back({from, "sender"});
                if (!group && people.size() <= 2) {
                    // One-to-one: the other person (or the owner) is the recipient.
                    std::int64_t to = owner;
                    if (from_owner) {
                        to = people_ids.empty() ? 0 : people_ids.begin()->second;
                    } else if (people.size() == 2) {
                        for (const auto& [p, id] : people_ids)
                            if (p != *sender_name)
                                to = id;
                    }
                    if (to != 0 && to != from)
                        e.parties.push_back({to, "recipient"});
                } else if (!from_owner) {
                    e.parties.push_back({owner, "recipient"}); // the exporting phone received it
                }
                e.body = text;
                switch (c.kind) {
                case wa::BodyKind::deleted:
                    e.deleted = true;
                    e.attrs["deleted_placeholder"] = true;
                    break;
                case wa::BodyKind::media_omitted:
                    e.attrs["media_omitted"] = c.media_type;
                    break;
                case wa::BodyKind::attachment: {
                    ++media_refs;
                    e.attrs["caption"] = c.caption;
                    nlohmann::json att{{"name", c.attachment}};
                    const ArchiveSibling* m = find_member(input, self_dir, c.attachment);
                    if (m) {
                        ++media_linked;
                        // The media file as its own event, sourced at its archive member.
                        write_linked_media(ctx, *m, e, inner, att);
                    } else {
                        ++media_missing;
                        e.attrs["media_missing"] = true;
                        if (input.siblings)
                            ctx.warning(inner, "media missing: " + c.attachment +
                                                   " is referenced but is not in the archive");
                    }
                    e.attrs["attachment"] = att;
                    break;
                }
                default:
                    break;
                }
                w.event(e, src);
                if (auto loc = wa::shared_location(text)) {
                    store::EventRecord le;
                    le.kind = "location_fix";
                    le.app = "whatsapp";
                    le.seq = 1;
                    le.time = e.time;
                    le.parties = {{from, "sender"}};
                    le.attrs = {{"lat", loc->lat}, {"lon", loc->lon}, {"label", "shared"}};
                    w.event(le, src);
                }
            });
        };

        LineReader reader(input.path, input.display_name);
        std::string line, header_line, body;
        std::int64_t header_no = 0;
        while (reader.next(line)) {
            if (reader.replaced() > 0)
                ctx.warning("line:" + std::to_string(reader.number()),
                            std::to_string(reader.replaced()) +
                                " byte(s) that are not UTF-8 replaced by U+FFFD");
            if (wa::parse_header(line)) {
                if (header_no != 0)
                    flush(header_no, header_line, body);
                header_no = reader.number();
                header_line = line;
                body.clear();
            } else if (header_no != 0) {
                body += '\n';
                body += line;
            }
        }
        if (header_no != 0) {
            // A file ends with a line break; the empty "line" after it is not part of the last message.
            while (!body.empty() && body.back() == '\n')
                body.pop_back();
            flush(header_no, header_line, body);
        }

        ctx.note("attachments_referenced", media_refs);
        ctx.note("attachments_linked", media_linked);
        ctx.note("attachments_missing", media_missing);
        ctx.note("out_of_time_order", out_of_order);
        if (media_missing > 0 && !input.siblings)
            ctx.warning("line:1", std::to_string(media_missing) +
                                      " attachment(s) referenced; this evidence is the text alone, so their "
                                      "media is missing (flagged media_missing)");
    }

  private:
    static bool is_owner_name(const std::string& name, const IngestOptions& opts) {
        if (wa::is_owner_word(name))
            return true;
        if (opts.owner.empty())
            return false;
        return name == opts.owner || "whatsapp-txt:" + name == opts.owner;
    }

    static const ArchiveSibling* find_member(const Input& input, const std::string& dir,
                                             const std::string& name) {
        if (!input.siblings || name.empty())
            return nullptr;
        const ArchiveSibling* any = nullptr;
        for (const auto& s : *input.siblings) {
            if (s.path == input.member)
                continue;
            if (s.path == dir + name)
                return &s; // beside the chat text: the usual layout
            if (!any && basename_of(s.path) == name)
                any = &s;
        }
        return any;
    }

    static Survey first_pass(const Input& input) {
        Survey s;
        LineReader reader(input.path, input.display_name);
        std::string line;
        while (reader.next(line)) {
            const auto h = wa::parse_header(line);
            if (!h) {
                if (s.headers == 0 && !line.empty())
                    ++s.leading_lines;
                continue;
            }
            ++s.headers;
            s.votes.add(*h);
            s.has_meridiem = s.has_meridiem || h->meridiem != wa::Meridiem::none;
            s.any_seconds = s.any_seconds || h->has_seconds;
            const auto split = wa::split_sender(h->rest);
            const auto c = wa::classify(split.text, split.sender.has_value());
            if (c.kind == wa::BodyKind::system) {
                s.group_marker = s.group_marker || is_group_marker(c.system_kind) ||
                                 split.text.find("this group") != std::string_view::npos;
                continue;
            }
            if (c.kind == wa::BodyKind::attachment)
                s.votes.add_media_name(*h, c.attachment);
            if (split.sender) {
                auto name = wa::clean_name(*split.sender);
                if (!name.empty())
                    s.senders.insert(std::move(name));
            }
        }
        return s;
    }
};

} // namespace

const Importer& whatsapp_txt_importer() {
    static const WhatsAppTxt instance;
    return instance;
}

} // namespace casegraph::ingest
