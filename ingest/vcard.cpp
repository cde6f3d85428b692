// vCard contact exports (2.1 with quoted-printable, 3.0, 4.0; several cards per file, as phones and mail
// clients export them). Each card becomes a person (or organisation) entity and a contact_card event
// linking the address book's owner, that person and every phone, email, URL and IM handle on the card.
#include "evidence_owner.hpp"
#include "formats.hpp"
#include "json_values.hpp"
#include "vcard_lines.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>

namespace casegraph::ingest {
namespace {

using vcard::Property;

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Apple wraps its own labels as "_$!<Mobile>!$_"; the wrapper says nothing.
std::string strip_apple_label(std::string s) {
    if (s.size() > 8 && s.starts_with("_$!<") && s.ends_with(">!$_"))
        return s.substr(4, s.size() - 8);
    return s;
}

// Instant-messaging properties and the app scope their handles belong to.
std::optional<std::string> im_scope(const std::string& name) {
    static const std::map<std::string, std::string> known = {{"X-AIM", "aim"},
                                                             {"X-ICQ", "icq"},
                                                             {"X-JABBER", "jabber"},
                                                             {"X-MSN", "msn"},
                                                             {"X-YAHOO", "yahoo"},
                                                             {"X-SKYPE", "skype"},
                                                             {"X-SKYPE-USERNAME", "skype"},
                                                             {"X-GOOGLE-TALK", "gtalk"},
                                                             {"X-GTALK", "gtalk"},
                                                             {"X-QQ", "qq"},
                                                             {"X-MS-IMADDRESS", "ms-im"},
                                                             {"X-WHATSAPP", "whatsapp"},
                                                             {"X-TELEGRAM", "telegram"},
                                                             {"X-SIGNAL", "signal"},
                                                             {"X-WECHAT", "wechat"},
                                                             {"X-VIBER", "viber"},
                                                             {"X-LINE", "line"},
                                                             {"X-KIK", "kik"}};
    const auto it = known.find(name);
    if (it == known.end())
        return std::nullopt;
    return it->second;
}

struct Card {
    int begin_line = 0;
    std::vector<Property> props;
    bool ended = false;
    int nested = 0; // vCard 2.1 AGENT cards inside this one (skipped, noted)
};

class Vcard final : public Importer {
  public:
    std::string_view format() const override { return "vcard"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override { return "vCard contacts (2.1, 3.0, 4.0)"; }

    int detect(const Probe& p) const override {
        auto h = p.head_text();
        if (h.substr(0, 3) == "\xEF\xBB\xBF")
            h.remove_prefix(3);
        while (!h.empty() &&
               (h.front() == ' ' || h.front() == '\r' || h.front() == '\n' || h.front() == '\t'))
            h.remove_prefix(1);
        if (h.size() >= 11 && lower(h.substr(0, 11)) == "begin:vcard")
            return 95;
        return 0;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        std::ifstream in(input.path, std::ios::binary);
        if (!in)
            throw InputError("failed", input.display_name + ": cannot open for reading");
        in.close();
        // Mapped, not read into memory, and unfolded one line at a time; the pages behind the last line read
        // are given back as the walk goes (1M cards: the file and its lines held whole were ~1 GB).
        auto file = json_od::load_json(input); // skips a UTF-8 byte-order mark
        const std::string_view text(file.view().data(), file.size());
        vcard::Unfolder lines(text);

        // Each card is imported as soon as it ends (or is cut short), so memory holds one card at a time.
        auto& w = ctx.writer();
        std::optional<std::int64_t> owner;
        std::map<std::string, std::int64_t> versions;
        std::int64_t card_count = 0;
        std::optional<Card> open;
        auto finish = [&] {
            if (!owner)
                owner = evidence_owner(ctx, w.source(ctx.locator("line:1")));
            const std::string inner = "line:" + std::to_string(open->begin_line);
            ++card_count;
            ctx.record(inner, [&] { import_card(*open, inner, *owner, ctx, versions); });
            open.reset();
        };
        std::int64_t outside = 0;
        std::int64_t read = 0;
        for (vcard::LogicalLine l; lines.next(l);) {
            if (++read % 4096 == 0)
                file.release_before(lines.consumed());
            if (l.text.find_first_not_of(" \t") == std::string::npos)
                continue; // blank lines (2.1 ends base64 blocks with one)
            auto p = vcard::parse_property(l);
            if (p && p->name == "BEGIN" && lower(p->value) == "vcard") {
                if (open) {
                    // vCard 2.1 embeds an assistant's card after an empty "AGENT:" line; any other BEGIN
                    // inside an open card means that card was cut short and a new one starts here.
                    const bool agent =
                        open->nested > 0 || (!open->props.empty() && open->props.back().name == "AGENT" &&
                                             open->props.back().value.empty());
                    if (agent) {
                        ++open->nested;
                        continue;
                    }
                    finish();
                }
                open = Card{l.line, {}, false, 0};
                continue;
            }
            if (p && p->name == "END" && lower(p->value) == "vcard") {
                if (!open) {
                    ctx.warning("line:" + std::to_string(l.line), "END:VCARD without BEGIN:VCARD; ignored");
                } else if (open->nested > 0) {
                    --open->nested;
                } else {
                    open->ended = true;
                    finish();
                }
                continue;
            }
            if (!open) {
                ++outside;
                ctx.warning("line:" + std::to_string(l.line),
                            "text outside any BEGIN:VCARD … END:VCARD; ignored");
                continue;
            }
            if (!p) {
                // Kept with the card so the card's record reports it (and the rest of the card imports).
                Property bad;
                bad.name = "\x01MALFORMED";
                bad.value = l.text;
                bad.line = l.line;
                open->props.push_back(std::move(bad));
                continue;
            }
            if (open->nested > 0)
                continue; // an AGENT card's lines: reported on the outer card below
            open->props.push_back(std::move(*p));
        }
        if (open)
            finish(); // the file ends inside a card: imported and reported as unterminated
        if (card_count == 0)
            throw InputError("failed", input.display_name + ": no BEGIN:VCARD … END:VCARD card found");
        ctx.note("cards", card_count);
        if (outside > 0)
            ctx.note("lines_outside_cards", outside);

        nlohmann::json v = nlohmann::json::object();
        for (const auto& [k, n] : versions)
            v[k] = n;
        ctx.note("versions", v);
    }

  private:
    static void import_card(const Card& card, const std::string& inner, std::int64_t owner,
                            ImportContext& ctx, std::map<std::string, std::int64_t>& versions) {
        auto& w = ctx.writer();
        const auto src = w.source(ctx.locator(inner));
        if (!card.ended)
            ctx.warning(inner, "card has no END:VCARD (file cut short?); imported up to the end of the file");
        const bool empty = std::all_of(card.props.begin(), card.props.end(), [](const Property& p) {
            return p.name == "VERSION" || p.name == "\x01MALFORMED";
        });
        if (empty)
            throw std::runtime_error("card has no properties besides VERSION: nothing to import");
        // Apple and Google put a property's label in a sibling "itemN.X-ABLabel".
        std::map<std::string, std::string> group_labels;
        for (const auto& p : card.props)
            if (!p.group.empty() && p.name == "X-ABLABEL")
                group_labels[p.group] = strip_apple_label(vcard::unescape(vcard::decode_value(p).text));

        std::string version, fn, org_name, kind_hint;
        std::vector<std::string> n_parts;
        struct Id {
            std::string type, value, label, scope;
        };
        std::vector<Id> ids;
        nlohmann::json attrs = nlohmann::json::object();
        nlohmann::json x = nlohmann::json::object();
        auto add_attr = [&](const char* key, const std::string& v) {
            if (!attrs.contains(key))
                attrs[key] = nlohmann::json::array();
            attrs[key].push_back(v);
        };
        auto labels_of = [&](const Property& p) {
            std::string label;
            for (const auto& [k, v] : p.params)
                if (k == "TYPE" && lower(v) != "pref" && lower(v) != "internet" && lower(v) != "voice")
                    label += (label.empty() ? "" : ",") + lower(v);
            if (const auto it = group_labels.find(p.group); !p.group.empty() && it != group_labels.end())
                label += (label.empty() ? "" : ",") + it->second;
            return label;
        };
        for (const auto& p : card.props) {
            if (p.name == "\x01MALFORMED") {
                ctx.warning("line:" + std::to_string(p.line),
                            "not a vCard property line (no ':'); kept out of the card: " +
                                p.value.substr(0, 80));
                continue;
            }
            const auto d = vcard::decode_value(p);
            if (!d.assumption.empty())
                ctx.warning("line:" + std::to_string(p.line), p.name + ": " + d.assumption);
            const std::string& v = d.text;
            if (p.name == "VERSION") {
                version = v;
            } else if (p.name == "FN") {
                fn = vcard::unescape(v);
            } else if (p.name == "N") {
                n_parts = vcard::split_components(v, ';');
            } else if (p.name == "ORG") {
                const auto parts = vcard::split_components(v, ';');
                std::string o;
                for (const auto& s : parts)
                    if (!s.empty())
                        o += (o.empty() ? "" : ", ") + s;
                if (org_name.empty())
                    org_name = o;
                add_attr("org", o);
            } else if (p.name == "KIND" || p.name == "X-ABSHOWAS") {
                kind_hint = lower(v);
            } else if (p.name == "TEL") {
                std::string num = vcard::unescape(v);
                if (lower(num).starts_with("tel:"))
                    num = num.substr(4);
                ids.push_back({"phone", num, labels_of(p), ""});
            } else if (p.name == "EMAIL") {
                std::string e = vcard::unescape(v);
                if (lower(e).starts_with("mailto:"))
                    e = e.substr(7);
                ids.push_back({"email", e, labels_of(p), ""});
            } else if (p.name == "URL") {
                ids.push_back({"url", vcard::unescape(v), labels_of(p), ""});
            } else if (p.name == "IMPP") {
                // "xmpp:alice@example.com", "skype:bob": the URI scheme names the service.
                const auto u = vcard::unescape(v);
                const auto colon = u.find(':');
                const auto scheme =
                    colon == std::string::npos ? std::string("im") : lower(u.substr(0, colon));
                ids.push_back(
                    {"handle", colon == std::string::npos ? u : u.substr(colon + 1), labels_of(p), scheme});
            } else if (const auto scope = im_scope(p.name)) {
                ids.push_back({"handle", vcard::unescape(v), labels_of(p), *scope});
            } else if (p.name == "ADR") {
                const auto parts = vcard::split_components(v, ';');
                std::string a;
                for (const auto& s : parts)
                    if (!s.empty())
                        a += (a.empty() ? "" : ", ") + s;
                const auto label = labels_of(p);
                add_attr("addresses", label.empty() ? a : label + ": " + a);
            } else if (p.name == "PHOTO" || p.name == "LOGO" || p.name == "SOUND" || p.name == "KEY") {
                // Binary data is not copied into the case: it stays in the evidence file at this line.
                nlohmann::json ph;
                ph["line"] = p.line;
                ph["encoding"] = p.param("ENCODING").value_or(p.value.starts_with("data:") ? "data-uri" : "");
                ph["bytes_encoded"] = p.value.size();
                std::string type;
                for (const auto& [k, pv] : p.params)
                    if (k == "TYPE")
                        type = pv;
                if (!type.empty())
                    ph["type"] = type;
                attrs[lower(p.name)] = ph;
            } else if (p.name == "NICKNAME" || p.name == "TITLE" || p.name == "ROLE" || p.name == "NOTE" ||
                       p.name == "BDAY" || p.name == "CATEGORIES" || p.name == "REV" || p.name == "UID" ||
                       p.name == "LABEL" || p.name == "ANNIVERSARY" || p.name == "GENDER" || p.name == "TZ" ||
                       p.name == "GEO" || p.name == "LANG") {
                add_attr(lower(p.name).c_str(), vcard::unescape(v));
            } else if (p.name == "X-ABLABEL" || p.name == "PRODID" || p.name == "SOURCE") {
                // Labels were applied to their group above; PRODID/SOURCE describe the exporter.
                if (p.name != "X-ABLABEL")
                    add_attr(lower(p.name).c_str(), vcard::unescape(v));
            } else {
                // Everything else (X-* extensions included) is kept as found, under its own name.
                const auto key = (p.group.empty() ? "" : p.group + ".") + p.name;
                if (!x.contains(key))
                    x[key] = nlohmann::json::array();
                x[key].push_back(vcard::unescape(v).substr(0, 4096));
            }
        }
        if (!x.empty())
            attrs["x"] = x;
        if (card.nested > 0 || std::any_of(card.props.begin(), card.props.end(),
                                           [](const Property& p) { return p.name == "AGENT"; }))
            ctx.warning(inner, "card holds an embedded AGENT vCard; its lines were not imported separately");
        versions[version.empty() ? "none" : version]++;
        if (version.empty())
            ctx.warning(inner, "card has no VERSION; read as vCard 3.0");
        attrs["version"] = version;

        // The card's name: FN, else N's parts in display order, else the organisation, else an identifier.
        std::string name = fn;
        if (name.empty() && !n_parts.empty()) {
            // N: family; given; additional; prefix; suffix.
            const int order[] = {3, 1, 2, 0, 4};
            for (const int i : order)
                if (static_cast<std::size_t>(i) < n_parts.size() &&
                    !n_parts[static_cast<std::size_t>(i)].empty())
                    name += (name.empty() ? "" : " ") + n_parts[static_cast<std::size_t>(i)];
        }
        const bool is_org = kind_hint == "org" || kind_hint == "organization" || kind_hint == "company" ||
                            (name.empty() && !org_name.empty());
        if (name.empty())
            name = org_name;
        if (name.empty() && !ids.empty())
            name = ids.front().value;
        if (name.empty()) {
            name = "(unnamed card)";
            ctx.warning(inner, "card has no name, organisation or identifier");
        }
        if (!fn.empty() && !n_parts.empty())
            attrs["n"] = n_parts;

        const std::string kind = is_org ? "organisation" : "person";
        const auto person =
            w.entity(kind, kind + ":" + w.evidence_sha256() + ":" + ctx.locator(inner), name, src, "contact");
        store::EventRecord e;
        e.kind = "contact_card";
        e.app = "vcard";
        e.time.raw = "";
        e.time.rule = "vcard: a card has no event time";
        e.parties = {{owner, "owner"}, {person, "participant"}};
        nlohmann::json listed = nlohmann::json::array();
        for (const auto& id : ids) {
            if (id.value.find_first_not_of(" \t") == std::string::npos) {
                ctx.warning(inner, "empty " + id.type + " value on the card; skipped");
                continue;
            }
            const auto r = id.type == "handle" ? w.handle(id.scope, id.value, src)
                                               : w.identifier(id.type, id.value, src, ctx.default_region());
            w.label_if_empty(r.entity_id, name);
            e.parties.push_back({r.entity_id, "participant"});
            nlohmann::json j{{"type", id.type}, {"raw", id.value}, {"value", r.value}};
            if (!id.label.empty())
                j["label"] = id.label;
            if (!id.scope.empty())
                j["scope"] = id.scope;
            listed.push_back(std::move(j));
        }
        attrs["identifiers"] = listed;
        attrs["name"] = name;
        e.attrs = std::move(attrs);
        w.event(e, src);
    }
};

} // namespace

const Importer& vcard_importer() {
    static const Vcard instance;
    return instance;
}

} // namespace casegraph::ingest
