// Money-flow exhibit: flows, chain layout and drawing (see exhibit_money.hpp).
#include "exhibit_money.hpp"

#include "chart_draw.hpp"
#include "graph/indicators.hpp"

#include <algorithm>
#include <cairo.h>
#include <cmath>
#include <map>
#include <set>

namespace casegraph::exporter {
using namespace draw;
namespace {

constexpr int kColumns = 5;               // payers into the start, the start, hop depth 1, 2, 3+
constexpr std::size_t kMaxPerColumn = 12; // boxes a column holds legibly on A4

// Pseudo nodes for a side the record leaves empty.
constexpr std::int64_t kNoPayer = -2, kNoPayee = -1; // entity ids are positive; 0 means "no start"

std::string name_of(const EntityRow* e, std::int64_t id) {
    if (!e)
        return id == kNoPayer   ? "no payer named"
               : id == kNoPayee ? "no payee named"
                                : "#" + std::to_string(id);
    return (e->label.empty() ? e->kind : e->label) + " (#" + std::to_string(id) + ")";
}

// The side of a payment: its account when the record names one, else the named party; 0 when the
// record names no one on that side (a cash withdrawal, a fee).
struct Side {
    std::int64_t node = 0;
    std::int64_t named = 0; // a person or organisation on that side
};

Side side_of(const EventRow& e, const std::string& role,
             const std::map<std::int64_t, const EntityRow*>& ent) {
    Side s;
    for (const auto& [r, id] : e.parties) {
        if (r != role)
            continue;
        const auto it = ent.find(id);
        const bool account = it != ent.end() && it->second->kind == "account";
        if (account && (s.node == 0 || s.node == s.named))
            s.node = id;
        else if (!account && s.named == 0)
            s.named = id;
    }
    if (s.node == 0)
        s.node = s.named;
    return s;
}

Rgb depth_colour(int depth) {
    switch (depth) {
    case 0:
        return {0.6, 0.6, 0.6};
    case 1:
        return {0.75, 0.1, 0.1};
    case 2:
        return {0.9, 0.5, 0.05};
    default:
        return {0.45, 0.2, 0.65};
    }
}

std::string when(const std::string& first, const std::string& last) {
    const auto d1 = first.substr(0, 10), d2 = last.substr(0, 10);
    return d1 == d2 ? d1 : d1 + " to " + d2;
}

} // namespace

MoneyModel build_money(const Facts& f, const std::vector<std::int64_t>& focus) {
    MoneyModel m;
    std::map<std::int64_t, const EntityRow*> ent;
    for (const auto& e : f.entities)
        ent[e.id] = &e;
    std::map<std::tuple<std::int64_t, std::int64_t, std::string>, MoneyFlowNote> flows;
    std::map<std::int64_t, std::string> holder;
    for (std::size_t i = 0; i < f.events.size(); ++i) {
        const auto& e = f.events[i];
        if (e.kind != "transaction")
            continue;
        if (e.time.empty()) {
            m.undated.push_back(i);
            continue;
        }
        auto payer = side_of(e, "payer", ent);
        auto payee = side_of(e, "payee", ent);
        if (payer.node == 0)
            payer.node = kNoPayer;
        if (payee.node == 0)
            payee.node = kNoPayee;
        for (const auto& s : {payer, payee})
            if (s.node > 0 && s.named && s.node != s.named && !holder.count(s.node))
                holder[s.node] = ent.count(s.named) ? ent[s.named]->label : "";
        // A statement's own account: the record's owner holds it.
        for (const auto& [r, id] : e.parties)
            if (r == "owner" && ent.count(id))
                for (const auto& s : {payer, payee})
                    if (s.node > 0 && s.node != id && s.named == 0 && !holder.count(s.node))
                        holder[s.node] = ent[id]->label;
        auto& fl = flows[{payer.node, payee.node, e.currency}];
        fl.from = payer.node;
        fl.to = payee.node;
        fl.currency = e.currency;
        fl.total_minor += e.amount_minor ? std::llabs(*e.amount_minor) : 0;
        ++fl.count;
        if (fl.first.empty() || e.time < fl.first)
            fl.first = e.time;
        if (fl.last.empty() || e.time > fl.last)
            fl.last = e.time;
        fl.events.push_back(i);
    }
    std::map<std::int64_t, std::set<std::int64_t>> counterparties;
    std::set<std::int64_t> nodes;
    for (auto& [key, fl] : flows) {
        nodes.insert(fl.from);
        nodes.insert(fl.to);
        counterparties[fl.from].insert(fl.to);
        counterparties[fl.to].insert(fl.from);
        m.flows.push_back(std::move(fl));
    }
    for (auto id : focus)
        if (nodes.count(id) && ent.count(id) && ent[id]->kind == "account") {
            m.start = id;
            break;
        }
    if (m.start == 0) {
        std::size_t best = 0;
        for (const auto& [id, cps] : counterparties)
            if (ent.count(id) && ent[id]->kind == "account" && cps.size() > best) {
                best = cps.size();
                m.start = id;
            }
    }
    for (auto id : nodes) {
        MoneyNode n;
        n.entity = id;
        const auto it = ent.find(id);
        n.label = name_of(it == ent.end() ? nullptr : it->second, id);
        n.kind = it == ent.end() ? "account" : it->second->kind;
        n.tags = it == ent.end() ? "" : it->second->tags;
        // The holder of a protected account would name the person its pseudonym hides.
        const bool protected_node =
            n.tags.find("victim") != std::string::npos || n.tags.find("witness") != std::string::npos;
        n.holder = protected_node ? "holder withheld (protected)" : holder.count(id) ? holder[id] : "";
        m.nodes.push_back(std::move(n));
    }
    if (m.start)
        m.start_label = name_of(ent[m.start], m.start);
    return m;
}

void apply_chain(MoneyModel& m, const std::vector<ChainHop>& hops) {
    for (auto& fl : m.flows)
        for (const auto& h : hops)
            if (h.from == fl.from && h.to == fl.to && h.currency == fl.currency) {
                fl.depth = h.depth;
                fl.passed_minor = h.passed_minor;
            }
    // Columns: payers into the start on the left, the start, then hop depth; the rest by role.
    std::map<std::int64_t, int> col;
    col[m.start] = 1;
    for (const auto& fl : m.flows)
        if (fl.depth > 0)
            col[fl.to] =
                col.count(fl.to) ? std::min(col[fl.to], 1 + fl.depth) : std::min(kColumns - 1, 1 + fl.depth);
    for (const auto& fl : m.flows)
        if (fl.to == m.start && !col.count(fl.from))
            col[fl.from] = 0;
    for (const auto& fl : m.flows) { // not reached from the start: payers left, payees right
        if (!col.count(fl.from))
            col[fl.from] = 0;
        if (!col.count(fl.to))
            col[fl.to] = kColumns - 1;
    }
    for (auto& n : m.nodes)
        n.column = col[n.entity];
    for (auto& n : m.nodes)
        for (const auto& fl : m.flows)
            if (fl.from == n.entity || fl.to == n.entity)
                n.payments += fl.count;
    // Too many boxes in a column: the accounts with fewest payments are not drawn (their flows are
    // still numbered and listed).
    for (int c = 0; c < kColumns; ++c) {
        std::vector<MoneyNode*> in;
        for (auto& n : m.nodes)
            if (n.column == c)
                in.push_back(&n);
        if (in.size() <= kMaxPerColumn)
            continue;
        std::stable_sort(in.begin(), in.end(), [](auto* a, auto* b) { return a->payments > b->payments; });
        for (std::size_t i = kMaxPerColumn; i < in.size(); ++i) {
            in[i]->drawn = in[i]->entity == m.start;
            m.hidden += in[i]->drawn ? 0 : 1;
        }
    }
    // Notes read left to right: by the payer's column, then ids.
    std::stable_sort(m.flows.begin(), m.flows.end(), [&](const MoneyFlowNote& a, const MoneyFlowNote& b) {
        return std::make_tuple(col[a.from], a.from, col[a.to], a.to, a.currency) <
               std::make_tuple(col[b.from], b.from, col[b.to], b.to, b.currency);
    });
    int n = 0;
    for (auto& fl : m.flows)
        fl.number = ++n;
    if (!m.undated.empty())
        m.undated_number = ++n;
}

std::vector<std::string> money_source_lines(const Facts& f, const MoneyModel& m) {
    std::map<std::int64_t, std::string> label;
    for (const auto& n : m.nodes)
        label[n.entity] = n.label;
    std::vector<std::string> out;
    const auto row = [&](const EventRow& e) {
        return "    #" + std::to_string(e.id) + "  " + (e.time.empty() ? std::string("undated") : e.time) +
               "  " +
               (e.amount_minor ? graph::format_money(std::llabs(*e.amount_minor), e.currency) : "no amount");
    };
    for (const auto& fl : m.flows) {
        std::string s = "[" + std::to_string(fl.number) + "] " + label[fl.from] + " → " + label[fl.to] +
                        ": " + std::to_string(fl.count) + (fl.count == 1 ? " payment, " : " payments, ") +
                        graph::format_money(fl.total_minor, fl.currency) + ", " + when(fl.first, fl.last);
        if (fl.depth)
            s += "; chain hop " + std::to_string(fl.depth) + ", up to " +
                 graph::format_money(fl.passed_minor, fl.currency) + " can have come from the start account";
        out.push_back(s);
        for (auto i : fl.events)
            record_lines(out, f, f.events[i], row(f.events[i]));
    }
    if (m.undated_number) {
        out.push_back("[" + std::to_string(m.undated_number) +
                      "] undated payments (no date in the source): " + std::to_string(m.undated.size()));
        for (auto i : m.undated)
            record_lines(out, f, f.events[i], row(f.events[i]));
    }
    return out;
}

std::string draw_money_chart(const Facts& f, const MoneyModel& mm, const ChartMeta& m,
                             const std::string& format) {
    SourceTable table{"Money flows: source notes", money_source_lines(f, mm)};
    const int pages = 1 + source_pages(table, f);
    const std::string method =
        "payments from the case's fact tables grouped by payer account, payee account and currency; chain: "
        "casegraph's time-respecting money analysis (graph/money) out of the start account, 3 hops.";
    Canvas canvas(format, pages, m.at);
    canvas.page(0);
    cairo_t* cr = canvas.cr();
    header(cr, mm.start ? "Money flows from " + mm.start_label : "Money flows", m);

    const double top = 78, bottom = kPageH - 118, box_h = 24;
    // Only the columns in use share the width (a chain of one hop needs three).
    std::vector<int> slot(kColumns, -1);
    int used = 0;
    for (int c = 0; c < kColumns; ++c)
        for (const auto& n : mm.nodes)
            if (n.column == c && slot[c] < 0)
                slot[c] = used++;
    const double col_w = (kPageW - 2 * kMargin) / std::max(1, used);
    const double box_w = std::min(150.0, col_w - 74);
    std::map<std::int64_t, std::pair<double, double>> pos; // box centre
    std::map<std::int64_t, const MoneyNode*> node;
    for (int c = 0; c < kColumns; ++c) {
        std::vector<const MoneyNode*> in;
        for (const auto& n : mm.nodes)
            if (n.column == c && n.drawn)
                in.push_back(&n);
        const double step = (bottom - top) / static_cast<double>(std::max<std::size_t>(1, in.size()));
        for (std::size_t i = 0; i < in.size(); ++i)
            pos[in[i]->entity] = {kMargin + col_w * (slot[c] + 0.5),
                                  top + step * (static_cast<double>(i) + 0.5)};
    }
    for (const auto& n : mm.nodes)
        node[n.entity] = &n;
    std::int64_t max_total = 1;
    for (const auto& fl : mm.flows)
        max_total = std::max(max_total, fl.total_minor);
    std::map<std::int64_t, int> degree;
    for (const auto& fl : mm.flows) {
        ++degree[fl.from];
        ++degree[fl.to];
    }
    // Arrows, chain hops over the rest; labels after all arrows so none is crossed out.
    struct Label {
        double x, y;
        std::string s;
        Rgb c;
    };
    std::vector<Label> labels;
    for (int pass = 0; pass < 2; ++pass)
        for (const auto& fl : mm.flows) {
            if ((fl.depth > 0) != (pass == 1) || !pos.count(fl.from) || !pos.count(fl.to))
                continue;
            const auto [fx, fy] = pos[fl.from];
            const auto [tx, ty] = pos[fl.to];
            const bool forward = tx > fx + 1, back = tx < fx - 1;
            const double x0 = forward ? fx + box_w / 2 : fx - box_w / 2 * (back ? 1 : -1);
            const double x3 = forward ? tx - box_w / 2 : tx + box_w / 2;
            const double bend = forward || back ? (x3 - x0) / 2 : 40;
            const double c1x = x0 + bend, c2x = x3 - (forward || back ? bend : -40);
            const auto colr = depth_colour(fl.depth);
            colour(cr, colr);
            cairo_set_line_width(cr, 0.6 + 2.6 * std::sqrt(static_cast<double>(fl.total_minor) /
                                                           static_cast<double>(max_total)));
            cairo_move_to(cr, x0, fy);
            cairo_curve_to(cr, c1x, fy, c2x, ty, x3, ty);
            cairo_stroke(cr);
            // Arrow head at the payee's box, pointing along the curve's last tangent.
            const double ang = std::atan2(0, x3 - c2x);
            cairo_move_to(cr, x3, ty);
            cairo_line_to(cr, x3 - 6 * std::cos(ang - 0.45), ty - 6 * std::sin(ang - 0.45));
            cairo_line_to(cr, x3 - 6 * std::cos(ang + 0.45), ty - 6 * std::sin(ang + 0.45));
            cairo_close_path(cr);
            cairo_fill(cr);
            // The label sits in the gap beside the end that is not a hub (where arrows fan out), just
            // above its arrow, so labels of arrows meeting at a hub do not pile up.
            const bool near_source = degree[fl.to] > degree[fl.from];
            const std::string label =
                "[" + std::to_string(fl.number) + "] " + graph::format_money(fl.total_minor, fl.currency);
            const double w = text_width(cr, label, "DejaVu Sans 5.5");
            const double out_dir = back ? -1 : 1, in_dir = forward ? -1 : 1; // sides of the boxes
            const double lx = near_source ? x0 + out_dir * (3 + w / 2) : x3 + in_dir * (5 + w / 2);
            const double ly = near_source ? fy - 5 : ty - 5;
            labels.push_back({lx, ly, label, fl.depth ? colr : kInk});
        }
    for (const auto& [id, p] : pos) {
        const auto* n = node[id];
        const auto [x, y] = p;
        const auto tc = tag_colour(n->tags);
        cairo_set_source_rgb(cr, 0.5 + tc.r / 2, 0.5 + tc.g / 2, 0.5 + tc.b / 2);
        cairo_rectangle(cr, x - box_w / 2, y - box_h / 2, box_w, box_h);
        cairo_fill_preserve(cr);
        colour(cr, id == mm.start ? kInk : kGrey);
        cairo_set_line_width(cr, id == mm.start ? 1.6 : 0.6);
        cairo_stroke(cr);
        shape(cr, n->kind, x - box_w / 2 + 7, y, 3.5);
        colour(cr, kInk);
        cairo_fill(cr);
        text(cr, n->label, x - box_w / 2 + 13, y - box_h / 2 + 2.5, "DejaVu Sans 6", box_w - 15, Align::left,
             true);
        text(cr, n->holder.empty() ? (n->entity > 0 ? n->kind : "cash, fees, withdrawals") : n->holder,
             x - box_w / 2 + 13, y, "DejaVu Sans 6", box_w - 15, Align::left, true);
    }
    for (const auto& l : labels) {
        const double w = text_width(cr, l.s, "DejaVu Sans 5.5");
        cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
        cairo_rectangle(cr, l.x - w / 2 - 1, l.y - 4, w + 2, 8);
        cairo_fill(cr);
        colour(cr, l.c);
        text(cr, l.s, l.x, l.y - 4, "DejaVu Sans 5.5", -1, Align::centre);
    }
    // Column headings.
    const char* heads[kColumns] = {"pays in", "start account", "chain hop 1", "chain hop 2",
                                   "hop 3+ / other payees"};
    colour(cr, kGrey);
    for (int c = 0; c < kColumns; ++c)
        if (slot[c] >= 0)
            text(cr, heads[c], kMargin + col_w * (slot[c] + 0.5), 66, "DejaVu Sans Oblique 6.5", -1,
                 Align::centre);

    double y = bottom + 14;
    colour(cr, kInk);
    text(cr, "Legend", kMargin, y, "DejaVu Sans Bold 8");
    double x = kMargin + 44;
    const std::pair<int, const char*> keys[] = {
        {1, "chain hop 1"}, {2, "chain hop 2"}, {3, "chain hop 3"}, {0, "other payment in the selection"}};
    for (const auto& [d, name] : keys) {
        colour(cr, depth_colour(d));
        cairo_set_line_width(cr, 2);
        cairo_move_to(cr, x, y + 5);
        cairo_line_to(cr, x + 16, y + 5);
        cairo_stroke(cr);
        colour(cr, kInk);
        text(cr, name, x + 20, y, "DejaVu Sans 7");
        x += 30 + text_width(cr, name, "DejaVu Sans 7");
    }
    y += 13;
    text(cr,
         "An arrow is every payment of the selection from one account (or named party) to another in one "
         "currency; [n] is its note number and the amount is their total. The chain follows a payment only "
         "when money from the start account can have reached its payer before it (date-only bookings of the "
         "same day may follow each other); the notes give how much can at most have come from the start. "
         "Box colour: analyst's role tag (green victim, red suspect, blue witness, grey none); second line: "
         "the holder named in the records. The following pages list every payment behind each note (event "
         "id, date, amount, evidence file and locator).",
         kMargin, y, "DejaVu Sans 6.5", kPageW - 2 * kMargin);
    y += 34;
    std::string apart;
    if (mm.undated_number)
        apart += "Undated [" + std::to_string(mm.undated_number) + "]: " + std::to_string(mm.undated.size()) +
                 " payments with no date in the source, listed in the notes, not in a chain.  ";
    if (mm.hidden)
        apart += std::to_string(mm.hidden) + " accounts with few payments are not drawn; their flows are in "
                                             "the notes.";
    if (mm.flows.empty())
        apart += "The selection holds no payments.";
    if (!apart.empty())
        text(cr, apart, kMargin, y, "DejaVu Sans Bold 6.5", kPageW - 2 * kMargin);
    footer(cr, m, 1, pages, method);
    draw_source_pages(canvas, table, f, m, 1, pages, method);
    return canvas.finish();
}

} // namespace casegraph::exporter
