// i2 Analyst's Notebook chart exchange (ANX XML): entities as chart items with an icon type per kind,
// links as chart items between them, and i2 cards as the sources: one card per entity (where it was
// first seen) and one per event behind a link (date and time, evidence SHA-256 and locator). Written
// from the published ANX element names (Chart, ChartItemCollection, ChartItem, End/Entity, Link,
// LinkStyle, CardCollection/Card); no i2 reader is packaged in Debian, so tests parse it as XML only.
#include "interchange.hpp"

#include <map>
#include <set>

namespace casegraph::exporter {
namespace {

std::string attr(std::string_view s) {
    return xml_escape(s, true);
}

std::string icon_type(const std::string& kind) {
    static const std::map<std::string, std::string> types{{"person", "Person"},
                                                          {"organisation", "Organisation"},
                                                          {"phone", "Phone"},
                                                          {"email", "Email"},
                                                          {"handle", "Account Handle"},
                                                          {"account", "Bank Account"},
                                                          {"card", "Card"},
                                                          {"device", "Device"},
                                                          {"address", "Address"},
                                                          {"location", "Location"},
                                                          {"crypto_wallet", "Crypto Wallet"},
                                                          {"website", "Website"}};
    const auto it = types.find(kind);
    return it == types.end() ? "Entity" : it->second;
}

// ANX date-time: ISO without zone (UTC here); a booking day has no time.
void date_attrs(std::string& s, const std::string& t) {
    if (t.empty())
        return;
    if (t.size() <= 10)
        s += " DateSet=\"true\" TimeSet=\"false\" DateTime=\"" + t + "T00:00:00\"";
    else
        s += " DateSet=\"true\" TimeSet=\"true\" DateTime=\"" + t.substr(0, 19) + "\"";
}

// One i2 card per record: what, when, the message or payment text, and where it was read; one more per
// other file the record was read from. Each line starts with `indent`.
std::string event_card(const EventRow& e, std::map<std::string, std::string>& eref,
                       const std::string& indent) {
    std::string card = "<Card Summary=\"" + attr(e.kind + " #" + std::to_string(e.id)) + "\"";
    date_attrs(card, e.time);
    if (!e.body.empty())
        card += " Description=\"" + attr(e.body) + "\"";
    std::string out = indent + card + " SourceType=\"" + attr(eref[e.evidence_sha256]) +
                      "\" SourceReference=\"" + attr(e.evidence_sha256 + " " + e.locator) + "\"/>\n";
    // The same record read again from another file (a statement downloaded twice): a card per file.
    for (const auto& x : e.sightings)
        out += indent + card + " SourceType=\"" + attr(eref[x.evidence_sha256]) + "\" SourceReference=\"" +
               attr(x.evidence_sha256 + " " + x.locator) + "\"/>\n";
    return out;
}

} // namespace

std::string anx_text(const Facts& f) {
    std::map<std::string, std::string> eref; // sha256 -> "E1 name"
    for (std::size_t i = 0; i < f.evidence.size(); ++i)
        eref[f.evidence[i].sha256] = "E" + std::to_string(i + 1) + " " + f.evidence[i].name;
    std::map<std::int64_t, const EventRow*> event;
    for (const auto& e : f.events)
        event[e.id] = &e;
    // Records behind no link (a location fix, a withdrawal with no counterparty) become cards on their
    // first party, so every event of the selection is in the chart with its source.
    std::set<std::int64_t> linked; // event ids behind a link
    for (const auto& l : f.links)
        linked.insert(l.event_id);
    std::map<std::int64_t, std::vector<const EventRow*>> loose;
    for (const auto& e : f.events)
        if (!linked.count(e.id))
            loose[e.parties.empty() ? 0 : e.parties.front().second].push_back(&e);
    std::set<std::string> kinds, link_kinds;
    for (const auto& e : f.entities)
        kinds.insert(icon_type(e.kind));
    for (const auto& l : f.links)
        link_kinds.insert(l.kind);
    if (loose.count(0))
        kinds.insert("Entity");

    std::string s =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- casegraph: entities, links and their sources (cards: evidence SHA-256 and locator). "
        "Times are UTC. -->\n"
        "<Chart Rigorous=\"false\" IdReferenceLinking=\"false\">\n  <EntityTypeCollection>\n";
    for (const auto& k : kinds)
        s += "    <EntityType Name=\"" + attr(k) + "\" IconFile=\"" + attr(k) + "\"/>\n";
    s += "  </EntityTypeCollection>\n  <LinkTypeCollection>\n";
    for (const auto& k : link_kinds)
        s += "    <LinkType Name=\"" + attr(k) + "\"/>\n";
    s += "  </LinkTypeCollection>\n  <AttributeClassCollection>\n"
         "    <AttributeClass Name=\"casegraph id\" Type=\"AttNumber\"/>\n"
         "    <AttributeClass Name=\"kind\" Type=\"AttText\"/>\n"
         "    <AttributeClass Name=\"tags\" Type=\"AttText\"/>\n"
         "    <AttributeClass Name=\"records\" Type=\"AttNumber\"/>\n"
         "    <AttributeClass Name=\"total\" Type=\"AttText\"/>\n"
         "  </AttributeClassCollection>\n  <ChartItemCollection>\n";
    if (loose.count(0)) { // records that name no party at all
        s +=
            "    <ChartItem Label=\"records naming no party\">\n      <End>\n        <Entity EntityId=\"N0\" "
            "Identity=\"N0\">\n          <Icon><IconStyle Type=\"Entity\"/></Icon>\n          "
            "<CardCollection>\n";
        for (const auto* r : loose[0])
            s += event_card(*r, eref, "            ");
        s += "          </CardCollection>\n        </Entity>\n      </End>\n    </ChartItem>\n";
    }
    for (const auto& e : f.entities) {
        const auto id = "N" + std::to_string(e.id);
        s += "    <ChartItem Label=\"" + attr(e.label.empty() ? e.kind : e.label) + "\" Description=\"" +
             attr(e.kind + " #" + std::to_string(e.id)) + "\">\n      <End>\n        <Entity EntityId=\"" +
             id + "\" Identity=\"" + id + "\">\n          <Icon><IconStyle Type=\"" +
             attr(icon_type(e.kind)) + "\"/></Icon>\n";
        if (!e.evidence_sha256.empty() || loose.count(e.id)) {
            s += "          <CardCollection>\n";
            if (!e.evidence_sha256.empty())
                s += "            <Card Summary=\"first seen\" SourceType=\"" +
                     attr(eref[e.evidence_sha256]) + "\" SourceReference=\"" +
                     attr(e.evidence_sha256 + " " + e.locator) + "\"/>\n";
            if (loose.count(e.id))
                for (const auto* r : loose[e.id])
                    s += event_card(*r, eref, "            ");
            s += "          </CardCollection>\n";
        }
        s += "        </Entity>\n      </End>\n      <AttributeCollection>\n"
             "        <Attribute AttributeClass=\"casegraph id\" Value=\"" +
             std::to_string(e.id) + "\"/>\n        <Attribute AttributeClass=\"kind\" Value=\"" +
             attr(e.kind) + "\"/>\n";
        if (!e.tags.empty())
            s += "        <Attribute AttributeClass=\"tags\" Value=\"" + attr(e.tags) + "\"/>\n";
        s += "      </AttributeCollection>\n    </ChartItem>\n";
    }
    // Links: one chart item per link, one card per record behind it.
    for (std::size_t i = 0; i < f.links.size();) {
        const auto& l = f.links[i];
        std::size_t j = i;
        while (j < f.links.size() && f.links[j].link_id == l.link_id)
            ++j;
        s += "    <ChartItem Label=\"" + attr(std::to_string(l.count) + " " + l.kind) + "\" Description=\"" +
             attr("link " + std::to_string(l.link_id) + " (facts/links.csv)") + "\"";
        date_attrs(s, l.first);
        s += ">\n      <Link End1Id=\"N" + std::to_string(l.a) + "\" End2Id=\"N" + std::to_string(l.b) +
             "\">\n        <LinkStyle ArrowStyle=\"" + (l.directed ? "ArrowOnHead" : "ArrowNone") +
             "\" Strength=\"Confirmed\" Type=\"" + attr(l.kind) +
             "\" LineWidth=\"1\"/>\n"
             "        <CardCollection>\n";
        for (std::size_t k = i; k < j; ++k) {
            const auto& r = f.links[k];
            const auto it = event.find(r.event_id);
            if (it != event.end())
                s += event_card(*it->second, eref, "          ");
        }
        s += "        </CardCollection>\n      </Link>\n      <AttributeCollection>\n"
             "        <Attribute AttributeClass=\"records\" Value=\"" +
             std::to_string(l.count) + "\"/>\n";
        if (l.total_minor)
            s += "        <Attribute AttributeClass=\"total\" Value=\"" +
                 attr(std::to_string(*l.total_minor) + " " + l.currency + " (minor units)") + "\"/>\n";
        s += "      </AttributeCollection>\n    </ChartItem>\n";
        i = j;
    }
    return s + "  </ChartItemCollection>\n</Chart>\n";
}

} // namespace casegraph::exporter
