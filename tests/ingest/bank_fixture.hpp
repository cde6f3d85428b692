// Test helpers for the bank importers: a fresh case, ingesting one file, and the rows a check needs
// (the event at a locator, its parties, statement checks, diagnostics).
#pragma once

#include "ingest/ingest.hpp"
#include "store/case_file.hpp"
#include "support/test_support.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace casegraph::test {
// An inline namespace of its own: several fixture headers define row structs of the same names, and one
// test executable links them all (same-named classes with different layouts would break the ODR).
inline namespace bank_fixture {

struct EventRow {
    std::int64_t id = 0;
    std::string locator;
    std::optional<std::int64_t> amount;
    std::string currency, date, body, direction, offset, time_raw;
    std::optional<std::int64_t> utc_ms;
    bool offset_assumed = false;
    nlohmann::json attrs;
};

struct PartyRow {
    std::string role, kind, label, identifier; // identifier: the first normalised value, if any
};

struct CheckRow {
    std::string locator, account, currency, result;
    std::optional<std::int64_t> opening, closing;
    std::int64_t sum = 0;
};

class BankCase {
  public:
    BankCase() : cf_(store::CaseFile::create(dir_ / "t.case", {.region = "NL"}, "tester")) {}

    ingest::FileOutcome ingest(const std::filesystem::path& p, const std::string& format = "",
                               const std::string& tz = "") {
        ingest::IngestOptions o;
        o.region = "NL";
        o.region_from = "case";
        o.tz = tz;
        o.tz_from = tz.empty() ? "" : "evidence";
        o.format = format;
        const auto r = ingest::ingest_paths(cf_, {p}, o, "tester");
        if (r.files.size() != 1)
            throw std::runtime_error("expected one outcome for " + p.string());
        return r.files.front();
    }
    // Writes `content` into the case's folder and ingests it.
    ingest::FileOutcome ingest_text(const std::string& name, const std::string& content,
                                    const std::string& format = "", const std::string& tz = "") {
        write_file(dir_ / name, content);
        return ingest(dir_ / name, format, tz);
    }

    [[nodiscard]] const store::Db& db() const { return cf_.db(); }
    [[nodiscard]] const TempDir& dir() const { return dir_; }

    [[nodiscard]] std::int64_t count(const std::string& sql) const { return cf_.db().scalar_int(sql); }

    // Events whose source locator ends with `suffix`, in id order.
    [[nodiscard]] std::vector<EventRow> events(const std::string& suffix = "") const {
        auto st = cf_.db().prepare(
            "SELECT e.id, s.locator, e.amount_minor, coalesce(e.currency,''), coalesce(e.date,''), "
            "coalesce(e.body,''), coalesce(e.direction,''), e.utc_offset, e.time_raw, e.utc_ms, "
            "e.offset_assumed, coalesce(e.attrs,'{}') FROM event e JOIN source s ON s.id = e.source_id "
            "WHERE substr(s.locator, -length(?1)) = ?1 OR ?1 = '' ORDER BY e.id");
        st.bind(1, suffix);
        std::vector<EventRow> out;
        while (st.step()) {
            EventRow r;
            r.id = st.column_int64(0);
            r.locator = st.column_text(1);
            if (!st.column_is_null(2))
                r.amount = st.column_int64(2);
            r.currency = st.column_text(3);
            r.date = st.column_text(4);
            r.body = st.column_text(5);
            r.direction = st.column_text(6);
            r.offset = st.column_text(7);
            r.time_raw = st.column_text(8);
            if (!st.column_is_null(9))
                r.utc_ms = st.column_int64(9);
            r.offset_assumed = st.column_int64(10) != 0;
            r.attrs = nlohmann::json::parse(st.column_text(11));
            out.push_back(std::move(r));
        }
        return out;
    }
    [[nodiscard]] EventRow event(const std::string& suffix) const {
        auto v = events(suffix);
        if (v.size() != 1)
            throw std::runtime_error("expected one event at ..." + suffix + ", found " +
                                     std::to_string(v.size()));
        return v.front();
    }

    [[nodiscard]] std::vector<PartyRow> parties(std::int64_t event_id) const {
        auto st = cf_.db().prepare(
            "SELECT p.role, en.kind, en.label, coalesce((SELECT value FROM identifier i WHERE i.entity_id = "
            "en.id ORDER BY i.id LIMIT 1), '') FROM event_party p JOIN entity en ON en.id = p.entity_id "
            "WHERE p.event_id = ?1 ORDER BY p.role, en.label");
        st.bind(1, event_id);
        std::vector<PartyRow> out;
        while (st.step())
            out.push_back({st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3)});
        return out;
    }
    // The one party with `role` whose kind is `kind` (account, person, organisation).
    [[nodiscard]] std::optional<PartyRow> party(std::int64_t event_id, const std::string& role,
                                                const std::string& kind) const {
        std::optional<PartyRow> hit;
        for (auto& p : parties(event_id))
            if (p.role == role && p.kind == kind) {
                if (hit)
                    throw std::runtime_error("two " + kind + " parties with role " + role);
                hit = p;
            }
        return hit;
    }

    [[nodiscard]] std::vector<CheckRow> checks() const {
        auto st =
            cf_.db().prepare("SELECT locator, account, currency, opening_minor, closing_minor, sum_minor, "
                             "result FROM statement_check ORDER BY id");
        std::vector<CheckRow> out;
        while (st.step()) {
            CheckRow r;
            r.locator = st.column_text(0);
            r.account = st.column_text(1);
            r.currency = st.column_text(2);
            if (!st.column_is_null(3))
                r.opening = st.column_int64(3);
            if (!st.column_is_null(4))
                r.closing = st.column_int64(4);
            r.sum = st.column_int64(5);
            r.result = st.column_text(6);
            out.push_back(std::move(r));
        }
        return out;
    }

    // Diagnostics as "severity|locator|message", in the order written.
    [[nodiscard]] std::vector<std::string> diagnostics() const {
        auto st = cf_.db().prepare("SELECT severity, locator, message FROM import_error ORDER BY id");
        std::vector<std::string> out;
        while (st.step())
            out.push_back(st.column_text(0) + "|" + st.column_text(1) + "|" + st.column_text(2));
        return out;
    }
    // True when some diagnostic of `severity` at a locator ending in `locator_suffix` contains `text`.
    [[nodiscard]] bool has_diagnostic(const std::string& severity, const std::string& locator_suffix,
                                      const std::string& text) const {
        for (const auto& d : diagnostics()) {
            const auto a = d.find('|');
            const auto b = d.find('|', a + 1);
            const std::string sev = d.substr(0, a);
            const std::string loc = d.substr(a + 1, b - a - 1);
            const std::string msg = d.substr(b + 1);
            if (sev == severity && loc.size() >= locator_suffix.size() &&
                loc.compare(loc.size() - locator_suffix.size(), locator_suffix.size(), locator_suffix) == 0 &&
                msg.find(text) != std::string::npos)
                return true;
        }
        return false;
    }

  private:
    TempDir dir_;
    store::CaseFile cf_;
};

// Occurrences of `needle` in `hay` (tags counted in the source text for expected counts).
inline std::size_t occurrences(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + needle.size()))
        ++n;
    return n;
}

} // namespace bank_fixture
} // namespace casegraph::test
