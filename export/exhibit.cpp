// Link chart rendering (see exhibit.hpp). Entities sit on a circle in id order (stable between runs);
// text is shaped by Pango so every script prints; everything the chart leaves out is stated on it.
#include "exhibit.hpp"

#include "chart_draw.hpp"
#include "exhibit_money.hpp"
#include "exhibit_timeline.hpp"
#include "graph/indicators.hpp"
#include "graph/money.hpp"
#include "store/audit.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <cairo.h>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#if defined(__SANITIZE_ADDRESS__)
// Pango keeps one fontconfig configuration per process and never frees it (its caches live until exit),
// which LeakSanitizer reports as leaks inside libfontconfig in every process that drew an exhibit. They
// are not ours and do not grow; everything else stays checked.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libfontconfig.so\n";
}
#endif

namespace casegraph::exporter {
using namespace draw;
namespace {

constexpr std::size_t kMaxNodes = 40; // beyond this a circle is unreadable; the rest are named as hidden
constexpr double kLabelRoom = 108;    // points outside the circle for an entity's label

std::string kind_word(const std::string& kind, std::int64_t n) {
    if (kind == "message")
        return n == 1 ? "message" : "messages";
    if (kind == "call")
        return n == 1 ? "call" : "calls";
    if (kind == "transaction")
        return n == 1 ? "payment" : "payments";
    return kind;
}

std::string day(const std::string& t) {
    return t.substr(0, 10);
}

// "2024-01-08 to 2024-03-29", one day alone, or "undated" when no record behind the link has a time
// (contact cards): an empty range printed as " to " reads as a defect in court.
std::string day_range(const std::string& first, const std::string& last) {
    if (first.empty() && last.empty())
        return "undated";
    if (day(first) == day(last))
        return day(first);
    return (first.empty() ? "?" : day(first)) + " to " + (last.empty() ? "?" : day(last));
}

} // namespace

std::vector<ChainHop> money_chain(const store::Db& db, const Selection& sel, std::int64_t start) {
    std::vector<ChainHop> out;
    if (start == 0)
        return out;
    const auto data = graph::CaseData::load(db);
    graph::Filter filter;
    filter.from_ms = sel.from_ms;
    filter.to_ms = sel.to_ms;
    const auto g = graph::CaseGraph::build(data, filter);
    const auto v = g.vertex(data.representative(start));
    if (!v)
        return out;
    graph::MoneyOptions mo; // out of the start account, 3 hops, no window: as `query money` by default
    for (const auto& h : graph::follow_money(g, *v, mo).hops)
        out.push_back(
            {g.entity(h.from), g.entity(h.to), g.currency_name(h.currency), h.depth, h.passed_minor});
    return out;
}

bool exhibit_chart_supported(const std::string& chart) {
    return chart == "link" || chart == "timeline" || chart == "money";
}

std::string draw_link_chart(const Facts& f, const ChartMeta& m, const std::string& format,
                            ExhibitResult& result, const CancelCheck& cancelled) {
    // One entry per link; the most connected entities are drawn when there are too many.
    std::vector<const LinkRow*> links;
    for (const auto& l : f.links)
        if (links.empty() || links.back()->link_id != l.link_id)
            links.push_back(&l);
    std::map<std::int64_t, std::int64_t> degree;
    for (const auto* l : links) {
        degree[l->a] += l->count;
        degree[l->b] += l->count;
    }
    std::vector<const EntityRow*> nodes;
    for (const auto& e : f.entities)
        nodes.push_back(&e);
    std::stable_sort(nodes.begin(), nodes.end(),
                     [&](const EntityRow* a, const EntityRow* b) { return degree[a->id] > degree[b->id]; });
    if (nodes.size() > kMaxNodes) {
        result.hidden = nodes.size() - kMaxNodes;
        nodes.resize(kMaxNodes);
    }
    std::sort(nodes.begin(), nodes.end(),
              [](const EntityRow* a, const EntityRow* b) { return a->id < b->id; });
    std::set<std::int64_t> shown;
    for (const auto* n : nodes)
        shown.insert(n->id);
    std::vector<const LinkRow*> drawn;
    for (const auto* l : links)
        if (shown.count(l->a) && shown.count(l->b))
            drawn.push_back(l);
    result.nodes = nodes.size();
    result.links = drawn.size();

    Canvas canvas(format, 1, m.at);
    canvas.page(0);
    cairo_t* cr = canvas.cr();
    header(cr, "Link chart", m);
    const double margin = kMargin;

    // Chart area on the left, legend and notes on the right.
    const double panel_x = kPageW * 0.64;
    const double cx = (margin + panel_x) / 2, cy = 62 + (kPageH - 62 - 30) / 2;
    // Room for a radial label of kLabelRoom all round the circle, inside the chart area.
    const double radius = std::min((panel_x - margin) / 2 - kLabelRoom, (kPageH - 62 - 30) / 2 - kLabelRoom);
    std::map<std::int64_t, std::pair<double, double>> pos;
    // A phone extraction is a star: its owner talks to everyone. Such a hub (linked to more than half
    // of the others) goes in the centre, so its links do not all cross the circle.
    std::map<std::int64_t, std::size_t> neighbours;
    for (const auto* l : drawn) {
        ++neighbours[l->a];
        ++neighbours[l->b];
    }
    std::int64_t hub = -1;
    for (const auto* n : nodes)
        if (nodes.size() > 3 && neighbours[n->id] * 2 > nodes.size() &&
            (hub < 0 || neighbours[n->id] > neighbours[hub]))
            hub = n->id;
    std::vector<const EntityRow*> ring;
    for (const auto* n : nodes)
        if (n->id != hub)
            ring.push_back(n);
    if (hub >= 0)
        pos[hub] = {cx, cy};
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const double a = -M_PI / 2 + 2 * M_PI * static_cast<double>(i) / static_cast<double>(ring.size());
        pos[ring[i]->id] = {cx + radius * std::cos(a), cy + radius * std::sin(a)};
    }
    // Links first, so nodes are drawn over them. Each link carries its note number.
    std::int64_t max_count = 1;
    for (const auto* l : drawn)
        max_count = std::max(max_count, l->count);
    for (std::size_t i = 0; i < drawn.size(); ++i) {
        throw_if_cancelled(cancelled);
        const auto* l = drawn[i];
        const auto [x1, y1] = pos[l->a];
        const auto [x2, y2] = pos[l->b];
        colour(cr, kGrey);
        cairo_set_line_width(cr, 0.6 + 2.4 * std::log1p(static_cast<double>(l->count)) /
                                           std::log1p(static_cast<double>(max_count)));
        cairo_move_to(cr, x1, y1);
        cairo_line_to(cr, x2, y2);
        cairo_stroke(cr);
        if (l->directed) { // an arrow head short of the target node
            const double ang = std::atan2(y2 - y1, x2 - x1);
            const double hx = x2 - 12 * std::cos(ang), hy = y2 - 12 * std::sin(ang);
            cairo_move_to(cr, hx, hy);
            cairo_line_to(cr, hx - 7 * std::cos(ang - 0.4), hy - 7 * std::sin(ang - 0.4));
            cairo_line_to(cr, hx - 7 * std::cos(ang + 0.4), hy - 7 * std::sin(ang + 0.4));
            cairo_close_path(cr);
            cairo_fill(cr);
        }
        // Labels 58% or 80% along the line, alternating, so labels of neighbouring lines that meet at a
        // hub sit at different distances from it and do not overlap.
        const double along = i % 2 == 0 ? 0.58 : 0.8;
        const double lx = x1 + (x2 - x1) * along, ly = y1 + (y2 - y1) * along;
        const std::string label = "[" + std::to_string(i + 1) + "] " + std::to_string(l->count);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
        cairo_rectangle(cr, lx - 2, ly - 1, 6.0 + 4.2 * static_cast<double>(label.size()), 10);
        cairo_fill(cr);
        colour(cr, kInk);
        text(cr, label, lx, ly - 1, "DejaVu Sans 6.5");
    }
    for (const auto* n : nodes) {
        throw_if_cancelled(cancelled);
        const auto [x, y] = pos[n->id];
        shape(cr, n->kind, x, y, 8);
        colour(cr, tag_colour(n->tags));
        cairo_fill_preserve(cr);
        colour(cr, kInk);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
        const std::string label =
            (n->label.empty() ? n->kind : n->label) + " (#" + std::to_string(n->id) + ")";
        // Labels run outward along the radius, so neighbours on the circle never overlap (read left to
        // right on both halves); the hub's label goes below it.
        if (n->id == hub) {
            text(cr, label, x, y + 12, "DejaVu Sans Bold 7", 120, Align::centre);
            continue;
        }
        const double ang = std::atan2(y - cy, x - cx);
        const bool right_half = std::cos(ang) >= -1e-9;
        cairo_save(cr);
        cairo_translate(cr, x + 11 * std::cos(ang), y + 11 * std::sin(ang));
        cairo_rotate(cr, right_half ? ang : ang + M_PI);
        text(cr, label, 0, -4.2, "DejaVu Sans 6.5", kLabelRoom - 12, right_half ? Align::left : Align::right,
             true);
        cairo_restore(cr);
    }

    // Legend.
    double y = 74;
    colour(cr, kInk);
    text(cr, "Legend", panel_x, y, "DejaVu Sans Bold 8.5");
    y += 14;
    std::set<std::string> kinds;
    for (const auto* n : nodes)
        kinds.insert(n->kind);
    for (const auto& k : kinds) {
        shape(cr, k, panel_x + 6, y + 5, 4.5);
        colour(cr, kPlain);
        cairo_fill_preserve(cr);
        colour(cr, kInk);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
        text(cr, k, panel_x + 16, y, "DejaVu Sans 7");
        y += 11;
    }
    const std::pair<Rgb, const char*> tags[] = {{kVictim, "tagged victim"},
                                                {kSuspect, "tagged suspect"},
                                                {kWitness, "tagged witness"},
                                                {kPlain, "no role tag"}};
    for (const auto& [c, name] : tags) {
        colour(cr, c);
        cairo_rectangle(cr, panel_x + 2, y + 1, 8, 8);
        cairo_fill(cr);
        colour(cr, kInk);
        text(cr, name, panel_x + 16, y, "DejaVu Sans 7");
        y += 11;
    }
    y += text(cr,
              "Solid line: a link derived from source records (each record is in facts/events.csv). Width "
              "grows "
              "with the number of records; an arrow shows the direction of payments. [n] count = note number "
              "and "
              "number of records in the time window. Roles are analyst tags, not inferences.",
              panel_x, y + 2, "DejaVu Sans 6.5", kPageW - margin - panel_x) +
         8;
    if (result.hidden > 0)
        y += text(cr,
                  "Not shown: " + std::to_string(result.hidden) +
                      " less connected entities (see facts/entities.csv).",
                  panel_x, y, "DejaVu Sans Bold 6.5", kPageW - margin - panel_x) +
             4;

    // Numbered source notes: each link's records and where to find them.
    text(cr, "Source notes", panel_x, y, "DejaVu Sans Bold 8.5");
    y += 14;
    std::map<std::string, std::string> eref;
    for (std::size_t i = 0; i < f.evidence.size(); ++i)
        eref[f.evidence[i].sha256] = "E" + std::to_string(i + 1);
    std::map<std::int64_t, std::string> name;
    for (const auto& e : f.entities)
        name[e.id] = e.label.empty() ? e.kind : e.label;
    std::map<std::int64_t, const EventRow*> event_row;
    for (const auto& e : f.events)
        event_row[e.id] = &e;
    std::size_t noted = 0;
    for (std::size_t i = 0; i < drawn.size(); ++i) {
        const auto* l = drawn[i];
        std::set<std::string> files; // every file behind the link's records, sightings included
        for (const auto& r : f.links)
            if (r.link_id == l->link_id) {
                files.insert(eref[r.evidence_sha256]);
                if (const auto it = event_row.find(r.event_id); it != event_row.end())
                    for (const auto& x : it->second->sightings)
                        files.insert(eref[x.evidence_sha256]);
            }
        std::string ev;
        for (const auto& s : files)
            ev += (ev.empty() ? "" : ", ") + s;
        const std::string note =
            "[" + std::to_string(i + 1) + "] " + name[l->a] + (l->directed ? " → " : " — ") + name[l->b] +
            ": " + std::to_string(l->count) + " " + kind_word(l->kind, l->count) +
            (l->total_minor ? ", " + graph::format_money(*l->total_minor, l->currency) : "") + ", " +
            day_range(l->first, l->last) + "; link " + std::to_string(l->link_id) + " in facts/links.csv; " +
            ev;
        if (y > kPageH - 70)
            break;
        y += text(cr, note, panel_x, y, "DejaVu Sans 6", kPageW - margin - panel_x) + 1.5;
        ++noted;
    }
    if (noted < drawn.size())
        y += text(cr,
                  "Notes " + std::to_string(noted + 1) + "–" + std::to_string(drawn.size()) +
                      " continue in the bundle (facts/links.csv, by link id).",
                  panel_x, y, "DejaVu Sans Bold 6", kPageW - margin - panel_x);
    y += 4;
    for (std::size_t i = 0; i < f.evidence.size() && y < kPageH - 40; ++i)
        y += text(cr,
                  "E" + std::to_string(i + 1) + " = " + f.evidence[i].name + ", SHA-256 " +
                      f.evidence[i].sha256,
                  panel_x, y, "DejaVu Sans Mono 5.5", kPageW - margin - panel_x) +
             1;

    footer(cr, m, 1, 1,
           "entities and links from the case graph; links count source records in the time window; layout: "
           "entities on a circle in id order, a hub linked to most of them at the centre.");
    return canvas.finish();
}

std::string exhibit_format(const std::filesystem::path& out) {
    auto ext = out.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext != ".pdf" && ext != ".svg" && ext != ".png")
        throw SelectionError(out.string() + ": the exhibit's name must end in .pdf, .svg or .png");
    return ext.substr(1);
}

std::string draw_exhibit(const store::CaseFile& cf, const std::string& format, const ExhibitOptions& o,
                         ExhibitResult& result) {
    if (!exhibit_chart_supported(o.chart))
        throw SelectionError("--chart " + o.chart + ": not a chart (link, timeline or money)");
    const std::string ext = "." + format;
    if (!o.base.redact && o.base.reason.empty())
        throw SelectionError("--no-redact needs --reason TEXT saying why the names may be disclosed");
    const auto& db = cf.db();
    const auto settings = cf.settings();
    const auto sel = parse_selection(db, o.base.select, settings.region, o.base.from, o.base.to);
    const auto pseudonyms = ensure_pseudonyms(db, o.base.actor);
    const Redactor redactor = o.base.redact ? Redactor(db, pseudonyms) : Redactor();
    auto f = collect_facts(db, sel, o.base.cancelled);
    throw_if_cancelled(o.base.cancelled);
    redact_facts(f, redactor);
    throw_if_cancelled(o.base.cancelled);
    const std::int64_t at = o.base.at.value_or(store::now_utc_ms() / 1000);

    ChartMeta m{settings.case_id,
                redactor.mask(settings.analyst),
                redactor.mask(o.base.actor),
                o.base.tool_version,
                redactor.mask(sel.text),
                sel.from_text,
                sel.to_text,
                o.exhibit_ref,
                o.base.redact,
                at};
    std::string bytes;
    if (o.chart == "timeline") {
        const auto t = build_timeline(f, focus_entities(sel, f), sel.from_ms, sel.to_ms);
        bytes = draw_timeline_chart(f, t, m, ext.substr(1));
        result.lanes = t.lanes.size();
        result.marks = t.marks.size();
        result.undated = t.undated.size();
        result.summary = "timeline of " + std::to_string(f.events.size()) + " events on " +
                         std::to_string(t.lanes.size()) + " lanes in " + std::to_string(t.marks.size()) +
                         " marks (" + t.bucket + " each), " + std::to_string(t.undated.size()) +
                         " undated listed apart";
    } else if (o.chart == "money") {
        auto mm = build_money(f, focus_entities(sel, f));
        apply_chain(mm, money_chain(db, sel, mm.start));
        bytes = draw_money_chart(f, mm, m, ext.substr(1));
        result.nodes = mm.nodes.size();
        result.links = mm.flows.size();
        result.hidden = mm.hidden;
        result.undated = mm.undated.size();
        std::size_t chain = 0;
        for (const auto& fl : mm.flows)
            chain += fl.depth > 0 ? 1 : 0;
        result.summary = "money flows: " + std::to_string(mm.flows.size()) + " flows between " +
                         std::to_string(mm.nodes.size()) + " accounts or parties, " + std::to_string(chain) +
                         " of them on the chain from " +
                         (mm.start ? mm.start_label : std::string("no account"));
    } else {
        bytes = draw_link_chart(f, m, ext.substr(1), result, o.base.cancelled);
        result.summary =
            "link chart of " + std::to_string(result.nodes) + " entities and " +
            std::to_string(result.links) + " links" +
            (result.hidden ? ", " + std::to_string(result.hidden) + " less connected entities not shown"
                           : "");
    }
    return bytes;
}

void audit_exhibit(const store::Db& db, const std::filesystem::path& out, const ExhibitOptions& o) {
    store::audit_append(db, o.base.actor, "export.exhibit",
                        nlohmann::json{{"chart", o.chart},
                                       {"out", out.string()},
                                       {"exhibit_ref", o.exhibit_ref},
                                       {"select", o.base.select},
                                       {"from", o.base.from},
                                       {"to", o.base.to},
                                       {"redact", o.base.redact},
                                       {"reason", o.base.reason}}
                            .dump());
}

ExhibitResult render_exhibit(const store::CaseFile& cf, const std::filesystem::path& out,
                             const ExhibitOptions& o) {
    const auto format = exhibit_format(out);
    ExhibitResult result;
    const auto bytes = draw_exhibit(cf, format, o, result);
    {
        std::ofstream file(out, std::ios::binary | std::ios::trunc);
        file << bytes;
        file.close();
        if (!file)
            throw std::runtime_error(out.string() + ": could not be written");
    }
    audit_exhibit(cf.db(), out, o);
    return result;
}

} // namespace casegraph::exporter
