// GraphML, GEXF and CSV nodes/edges writers (see interchange.hpp).
#include "interchange.hpp"

#include "csv.hpp"
#include "store/audit.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

namespace casegraph::exporter {
namespace {

std::string xml(std::string_view s) {
    return xml_escape(s, false);
}

// One edge per link (the facts hold one row per link and event).
std::vector<const LinkRow*> edges(const Facts& f) {
    std::vector<const LinkRow*> out;
    for (const auto& l : f.links)
        if (out.empty() || out.back()->link_id != l.link_id)
            out.push_back(&l);
    return out;
}

std::string opt_int(const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : std::string();
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        throw std::runtime_error(p.string() + ": could not be written");
}

} // namespace

std::string xml_escape(std::string_view s, bool attribute) {
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r')
            out += "\xEF\xBF\xBD"; // U+FFFD: XML 1.0 forbids most control characters even escaped
        else if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '"')
            out += "&quot;";
        else if (attribute && u < 0x20) // a parser would turn a raw newline in an attribute into a space
            out += "&#" + std::to_string(u) + ";";
        else
            out += c;
    }
    return out;
}

bool interchange_supported(const std::string& format) {
    return format == "graphml" || format == "gexf" || format == "csv" || format == "ftm" || format == "anx";
}

std::string interchange_support_note(const std::string& format) {
    return "unknown format '" + format + "' (graphml, gexf, csv, ftm or anx)";
}

std::string graphml_text(const Facts& f) {
    std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                    "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
                    "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
                    "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
                    "  <key id=\"tags\" for=\"node\" attr.name=\"tags\" attr.type=\"string\"/>\n"
                    "  <key id=\"ekind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n"
                    "  <key id=\"count\" for=\"edge\" attr.name=\"count\" attr.type=\"long\"/>\n"
                    "  <key id=\"first\" for=\"edge\" attr.name=\"first\" attr.type=\"string\"/>\n"
                    "  <key id=\"last\" for=\"edge\" attr.name=\"last\" attr.type=\"string\"/>\n"
                    "  <key id=\"currency\" for=\"edge\" attr.name=\"currency\" attr.type=\"string\"/>\n"
                    "  <key id=\"total_minor\" for=\"edge\" attr.name=\"total_minor\" attr.type=\"long\"/>\n"
                    "  <graph id=\"case\" edgedefault=\"undirected\">\n";
    for (const auto& e : f.entities)
        s += "    <node id=\"n" + std::to_string(e.id) + "\"><data key=\"kind\">" + xml(e.kind) +
             "</data><data key=\"label\">" + xml(e.label) + "</data><data key=\"tags\">" + xml(e.tags) +
             "</data></node>\n";
    for (const auto* l : edges(f)) {
        s += "    <edge id=\"e" + std::to_string(l->link_id) + "\" source=\"n" + std::to_string(l->a) +
             "\" target=\"n" + std::to_string(l->b) + "\" directed=\"" + (l->directed ? "true" : "false") +
             "\"><data key=\"ekind\">" + xml(l->kind) + "</data><data key=\"count\">" +
             std::to_string(l->count) + "</data><data key=\"first\">" + xml(l->first) +
             "</data><data key=\"last\">" + xml(l->last) + "</data>";
        if (l->total_minor)
            s += "<data key=\"currency\">" + xml(l->currency) + "</data><data key=\"total_minor\">" +
                 std::to_string(*l->total_minor) + "</data>";
        s += "</edge>\n";
    }
    return s + "  </graph>\n</graphml>\n";
}

std::string gexf_text(const Facts& f) {
    std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
                    "  <meta><creator>casegraph</creator><description>entities and links of a case"
                    "</description></meta>\n"
                    "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n"
                    "    <attributes class=\"node\">\n"
                    "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
                    "      <attribute id=\"tags\" title=\"tags\" type=\"string\"/>\n"
                    "    </attributes>\n"
                    "    <attributes class=\"edge\">\n"
                    "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
                    "      <attribute id=\"count\" title=\"count\" type=\"long\"/>\n"
                    "      <attribute id=\"first\" title=\"first\" type=\"string\"/>\n"
                    "      <attribute id=\"last\" title=\"last\" type=\"string\"/>\n"
                    "      <attribute id=\"currency\" title=\"currency\" type=\"string\"/>\n"
                    "      <attribute id=\"total_minor\" title=\"total_minor\" type=\"long\"/>\n"
                    "    </attributes>\n    <nodes>\n";
    for (const auto& e : f.entities)
        s += "      <node id=\"" + std::to_string(e.id) + "\" label=\"" + xml(e.label) +
             "\"><attvalues><attvalue for=\"kind\" value=\"" + xml(e.kind) +
             "\"/><attvalue for=\"tags\" value=\"" + xml(e.tags) + "\"/></attvalues></node>\n";
    s += "    </nodes>\n    <edges>\n";
    for (const auto* l : edges(f)) {
        s += "      <edge id=\"" + std::to_string(l->link_id) + "\" source=\"" + std::to_string(l->a) +
             "\" target=\"" + std::to_string(l->b) + "\" type=\"" +
             (l->directed ? "directed" : "undirected") + "\" weight=\"" + std::to_string(l->count) +
             "\"><attvalues><attvalue for=\"kind\" value=\"" + xml(l->kind) +
             "\"/><attvalue for=\"count\" value=\"" + std::to_string(l->count) +
             "\"/><attvalue for=\"first\" value=\"" + xml(l->first) + "\"/><attvalue for=\"last\" value=\"" +
             xml(l->last) + "\"/>";
        if (l->total_minor)
            s += "<attvalue for=\"currency\" value=\"" + xml(l->currency) +
                 "\"/><attvalue for=\"total_minor\" value=\"" + std::to_string(*l->total_minor) + "\"/>";
        s += "</attvalues></edge>\n";
    }
    return s + "    </edges>\n  </graph>\n</gexf>\n";
}

std::string nodes_csv(const Facts& f) {
    std::string s = csv_row({"id", "kind", "label", "tags"});
    for (const auto& e : f.entities)
        s += csv_row({std::to_string(e.id), e.kind, e.label, e.tags});
    return s;
}

std::string edges_csv(const Facts& f) {
    std::string s = csv_row(
        {"id", "source", "target", "kind", "directed", "count", "first", "last", "currency", "total_minor"});
    for (const auto* l : edges(f))
        s += csv_row({std::to_string(l->link_id), std::to_string(l->a), std::to_string(l->b), l->kind,
                      l->directed ? "1" : "0", std::to_string(l->count), l->first, l->last, l->currency,
                      opt_int(l->total_minor)});
    return s;
}

InterchangeResult export_interchange(const store::CaseFile& cf, const std::string& format,
                                     const std::filesystem::path& out, const BundleOptions& opts) {
    if (!interchange_supported(format))
        throw SelectionError("--format " + format + ": " + interchange_support_note(format));
    if (!opts.redact && opts.reason.empty())
        throw SelectionError("--no-redact needs --reason TEXT saying why the names may be disclosed");
    const auto& db = cf.db();
    const auto sel = parse_selection(db, opts.select, cf.settings().region, opts.from, opts.to);
    const auto pseudonyms = ensure_pseudonyms(db, opts.actor);
    const Redactor redactor = opts.redact ? Redactor(db, pseudonyms) : Redactor();
    auto f = collect_facts(db, sel);
    redact_facts(f, redactor);
    if (format == "graphml") {
        write_file(out, graphml_text(f));
    } else if (format == "gexf") {
        write_file(out, gexf_text(f));
    } else if (format == "ftm") {
        write_file(out, ftm_text(f));
    } else if (format == "anx") {
        write_file(out, anx_text(f));
    } else {
        std::filesystem::create_directories(out);
        write_file(out / "nodes.csv", nodes_csv(f));
        write_file(out / "edges.csv", edges_csv(f));
    }
    store::audit_append(db, opts.actor, "export.interchange",
                        nlohmann::json{{"format", format},
                                       {"out", out.string()},
                                       {"select", opts.select},
                                       {"from", opts.from},
                                       {"to", opts.to},
                                       {"redact", opts.redact},
                                       {"reason", opts.reason}}
                            .dump());
    return {f.entities.size(), edges(f).size()};
}

} // namespace casegraph::exporter
