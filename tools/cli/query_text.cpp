// Plain-text rendering of query results for an investigator at a terminal: names and numbers first,
// ids after them, evidence as counts with the first locators (the full list is in --json).
#include "cli.hpp"
#include "query_common.hpp"
#include "query_kinds.hpp"

#include <ostream>

namespace casegraph::cli {
namespace {

using nlohmann::json;

std::string evidence_text(const json& ev) {
    if (!ev.is_array() || ev.empty())
        return "no evidence";
    std::string s = std::to_string(ev.size()) + (ev.size() == 1 ? " event" : " events") + ", e.g. " +
                    ev[0].value("locator", "") + " in " + ev[0].value("evidence_sha256", "").substr(0, 12);
    // A transaction read from two statement files names both: the example in full, the rest counted.
    if (ev[0].contains("sightings"))
        for (const auto& x : ev[0]["sightings"])
            s += ", also " + x.value("locator", "") + " in " + x.value("evidence_sha256", "").substr(0, 12);
    std::size_t seen_twice = 0;
    for (const auto& x : ev)
        if (x.contains("sightings") && !x["sightings"].empty())
            ++seen_twice;
    if (seen_twice > 0)
        s += " (" + std::to_string(seen_twice) + (seen_twice == 1 ? " event" : " events") +
             " also read from another file; see --json)";
    return s;
}

void print_path(std::ostream& os, const json& r, std::size_t n) {
    const auto& hops = r["hops"];
    os << "Path " << n << " (" << hops.size() << (hops.size() == 1 ? " hop" : " hops") << "):\n";
    for (const auto& h : hops)
        os << "  " << entity_text(h["from"]) << "  —  " << entity_text(h["to"]) << "\n      "
           << evidence_text(h["evidence"]) << "\n";
}

void print_generic(std::ostream& os, const json& r) {
    // Kinds without a dedicated layout: one line of scalar fields, then entities by name.
    std::string line;
    for (auto it = r.begin(); it != r.end(); ++it) {
        if (it.value().is_primitive())
            line += it.key() + " " +
                    (it.value().is_string() ? it.value().get<std::string>() : it.value().dump()) + "  ";
    }
    os << line << "\n";
    if (r.contains("entities"))
        for (const auto& e : r["entities"])
            os << "    " << entity_text(e) << "\n";
    if (r.contains("evidence"))
        os << "    " << evidence_text(r["evidence"]) << "\n";
}

// One page of a longer list (neighbours --limit/--offset): how much of it was printed, as query.total
// says in JSON.
void print_page(std::ostream& os, const json& q, std::size_t shown) {
    if (!q.contains("total") || !q["total"].is_number_unsigned())
        return;
    const auto total = q["total"].get<std::size_t>();
    const auto offset = q.value("offset", std::size_t{0});
    if (shown >= total)
        return;
    os << "showing " << shown << " of " << total;
    if (offset > 0 && shown > 0)
        os << " (results " << offset + 1 << "-" << offset + shown << ")";
    else if (offset > 0)
        os << " (--offset is past the end)";
    os << "\n";
}

} // namespace

void print_query_text(std::ostream& os, const json& doc) {
    const auto& q = doc["query"];
    const auto kind = q.value("kind", "");
    const auto& results = doc["results"];
    if (results.empty() && q.value("total", std::size_t{0}) > 0) {
        print_page(os, q, 0);
        return;
    }
    if (results.empty()) {
        os << "No results";
        if (q.contains("from") || q.contains("to"))
            os << " in the time window";
        os << ".\n";
        return;
    }
    std::size_t n = 0;
    for (const auto& r : results) {
        ++n;
        if (kind == "neighbours") {
            os << r["hops"].get<int>() << " hop" << (r["hops"].get<int>() == 1 ? "  " : "s ")
               << entity_text(r["entity"]);
            if (r["hops"].get<int>() > 1)
                os << "  via " << entity_text(r["via"]);
            os << "  (" << count_of(r["events"].get<long long>(), "event") << ")\n";
        } else if (kind == "common") {
            os << entity_text(r["entity"]) << "  (" << evidence_text(r["evidence"]) << ")\n";
        } else if (kind == "path" || kind == "paths") {
            print_path(os, r, n);
        } else if (kind == "central") {
            const double sc = r["score"].get<double>();
            os << n << ". " << entity_text(r["entity"]) << "  ";
            if (sc == static_cast<double>(static_cast<long long>(sc)))
                os << static_cast<long long>(sc) << "\n";
            else
                os << r["score"].dump() << "\n";
        } else if (kind == "components" || kind == "communities") {
            os << (kind == "components" ? "Component " : "Community ") << n << " ("
               << r["size"].get<long long>() << " entities):\n";
            for (const auto& e : r["entities"])
                os << "    " << entity_text(e) << "\n";
        } else {
            print_more_text(os, kind, r, n);
        }
    }
    print_page(os, q, n);
}

void print_fallback_text(std::ostream& os, const json& r) {
    print_generic(os, r);
}

} // namespace casegraph::cli
