// Helpers for the OFX and bank CSV tests: ingest one file into a fresh case, read events and diagnostics
// back by locator, and turn source amount text into minor units independently of the importers.
#pragma once

#include "ingest/ingest.hpp"
#include "store/case_file.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <optional>
#include <string>
#include <vector>

namespace casegraph::test::bank {

struct Ingested {
    std::unique_ptr<TempDir> dir;
    store::CaseFile cf;
    ingest::IngestReport report;
};

inline Ingested ingest_one(const std::filesystem::path& file, ingest::IngestOptions opts = {}) {
    auto dir = std::make_unique<TempDir>();
    auto cf = store::CaseFile::create(*dir / "a.case", {}, "tester");
    auto report = ingest::ingest_paths(cf, {file}, opts, "tester");
    return {std::move(dir), std::move(cf), std::move(report)};
}

// Writes bytes into a fixture file in dir and returns its path.
inline std::filesystem::path fixture(const TempDir& dir, const std::string& name, const std::string& bytes) {
    const auto p = dir / name;
    write_file(p, bytes);
    return p;
}

inline int count_of(const std::string& text, const std::string& needle) {
    int n = 0;
    for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + needle.size()))
        ++n;
    return n;
}

// "-34.51", "+00000000000000.2400", "1.234,56" with decimal ',' → minor units, written plainly here so
// the tests do not reuse the importer's own parser.
inline long long minor_of(std::string text, char decimal = '.', int digits = 2) {
    std::string clean;
    for (char c : text)
        if ((c >= '0' && c <= '9') || c == decimal || c == '-')
            clean.push_back(c == decimal ? '.' : c);
    const bool neg = !clean.empty() && clean[0] == '-';
    if (neg)
        clean.erase(0, 1);
    const auto dot = clean.find('.');
    std::string whole = dot == std::string::npos ? clean : clean.substr(0, dot);
    std::string frac = dot == std::string::npos ? "" : clean.substr(dot + 1);
    while (static_cast<int>(frac.size()) > digits && frac.back() == '0')
        frac.pop_back();
    frac.resize(static_cast<std::size_t>(digits), '0');
    const long long v = std::stoll(whole.empty() ? "0" : whole) * 100 + std::stoll(frac.empty() ? "0" : frac);
    return neg ? -v : v;
}

struct EventRow {
    long long amount = 0;
    std::string currency, date, body, direction, attrs, time_raw, offset, precision;
    std::optional<long long> utc_ms;
};

inline std::optional<EventRow> event_at(const store::CaseFile& cf, const std::string& locator) {
    auto q = cf.db().prepare(
        "SELECT e.amount_minor, coalesce(e.currency,''), coalesce(e.date,''), "
        "coalesce(e.body,''), coalesce(e.direction,''), coalesce(e.attrs,'{}'), e.time_raw, "
        "e.utc_offset, e.precision, e.utc_ms FROM event e JOIN source s ON s.id = e.source_id "
        "WHERE s.locator = ?1 AND e.kind = 'transaction'");
    q.bind(1, locator);
    if (!q.step())
        return std::nullopt;
    EventRow r;
    r.amount = q.column_int64(0);
    r.currency = q.column_text(1);
    r.date = q.column_text(2);
    r.body = q.column_text(3);
    r.direction = q.column_text(4);
    r.attrs = q.column_text(5);
    r.time_raw = q.column_text(6);
    r.offset = q.column_text(7);
    r.precision = q.column_text(8);
    r.utc_ms = q.column_opt_int64(9);
    return r;
}

inline long long scalar(const store::CaseFile& cf, const std::string& sql) {
    return cf.db().scalar_int(sql);
}

// Messages of diagnostics of one severity, each prefixed by its locator.
inline std::vector<std::string> diagnostics(const store::CaseFile& cf, const std::string& severity) {
    std::vector<std::string> out;
    auto q = cf.db().prepare("SELECT locator, message FROM import_error WHERE severity = ?1 ORDER BY id");
    q.bind(1, severity);
    while (q.step())
        out.push_back(q.column_text(0) + " " + q.column_text(1));
    return out;
}

inline bool any_contains(const std::vector<std::string>& v, const std::string& needle) {
    for (const auto& s : v)
        if (s.find(needle) != std::string::npos)
            return true;
    return false;
}

// The entity names playing `role` in the event at `locator` (labels, sorted by entity id).
inline std::vector<std::string> party_labels(const store::CaseFile& cf, const std::string& locator,
                                             const std::string& role) {
    std::vector<std::string> out;
    auto q = cf.db().prepare(
        "SELECT coalesce(en.label,''), en.kind FROM event e JOIN source s ON s.id = e.source_id "
        "JOIN event_party p ON p.event_id = e.id JOIN entity en ON en.id = p.entity_id "
        "WHERE s.locator = ?1 AND p.role = ?2 ORDER BY en.id");
    q.bind(1, locator).bind(2, role);
    while (q.step())
        out.push_back(q.column_text(1) + ":" + q.column_text(0));
    return out;
}

} // namespace casegraph::test::bank
