// Helpers for the importer tests: a temporary case to ingest into, typed look-ups of what the case
// holds (events by locator with their parties), and small SQLite fixtures written by the test itself.
#pragma once

#include "ingest/ingest.hpp"
#include "store/case_file.hpp"
#include "support/test_support.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace casegraph::test {
// An inline namespace of its own: several fixture headers define row structs of the same names, and one
// test executable links them all (same-named classes with different layouts would break the ODR).
inline namespace android_fixture {

// Binds each argument in order (1, 2, …) to a statement.
inline void bind_all(store::Statement&, int) {}
template <class T, class... Rest>
void bind_all(store::Statement& st, int i, const T& v, const Rest&... rest) {
    st.bind(i, v);
    bind_all(st, i + 1, rest...);
}

template <class... Args> std::int64_t q_int(const store::Db& db, std::string_view sql, const Args&... args) {
    auto st = db.prepare(sql);
    bind_all(st, 1, args...);
    return st.step() ? st.column_int64(0) : 0;
}

template <class... Args>
std::optional<std::string> q_text(const store::Db& db, std::string_view sql, const Args&... args) {
    auto st = db.prepare(sql);
    bind_all(st, 1, args...);
    if (st.step())
        return st.column_opt_text(0);
    return std::nullopt;
}

// Creates a SQLite file and runs the given SQL in it (fixtures: the schema and rows of a source DB).
inline void make_db(const std::filesystem::path& path, std::string_view sql) {
    store::Db db(path.string(), store::OpenMode::ReadWriteCreate);
    db.exec(sql);
}

// Writes `dir/name` in WAL mode with `checkpointed` in the main file and `wal_only` only in
// `dir/name-wal` (copied while the writer still holds the WAL, so nothing is checkpointed into it).
inline void make_wal_db(const std::filesystem::path& dir, const std::string& name,
                        std::string_view checkpointed, std::string_view wal_only) {
    TempDir work;
    const auto path = work / name;
    store::Db db(path.string(), store::OpenMode::ReadWriteCreate);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(checkpointed);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    db.exec("PRAGMA wal_autocheckpoint = 0");
    db.exec(wal_only);
    std::filesystem::copy_file(path, dir / name);
    std::filesystem::copy_file(path.string() + "-wal", dir / (name + "-wal"));
}

struct PartyRow {
    std::string role;
    std::string kind;
    std::string label;
    std::string key;
    std::string identifier; // first identifier value, '' when none
};

struct EventRow {
    std::int64_t id = 0;
    std::string kind;
    std::optional<std::int64_t> utc_ms;
    std::string precision, time_raw, time_rule;
    std::optional<std::string> direction, app, thread, body;
    bool deleted = false;
    nlohmann::json attrs;
    std::vector<PartyRow> parties;
    [[nodiscard]] const PartyRow* party(std::string_view role) const {
        for (const auto& p : parties)
            if (p.role == role)
                return &p;
        return nullptr;
    }
    [[nodiscard]] std::vector<std::string> identifiers(std::string_view role) const {
        std::vector<std::string> out;
        for (const auto& p : parties)
            if (p.role == role)
                out.push_back(p.identifier);
        return out;
    }
};

class TestCase {
  public:
    explicit TestCase(const std::string& region = "GB")
        : cf_(store::CaseFile::create(dir_ / "test.case", {.region = region, .tz = "Europe/London"},
                                      "tester")),
          region_(region) {}

    [[nodiscard]] const store::Db& db() const { return cf_.db(); }
    [[nodiscard]] const TempDir& dir() const { return dir_; }

    ingest::IngestReport ingest(const std::vector<std::filesystem::path>& paths,
                                const std::string& format = "", const std::string& owner = "") {
        ingest::IngestOptions o;
        o.region = region_;
        o.region_from = "case";
        o.tz = "Europe/London";
        o.tz_from = "case";
        o.format = format;
        o.owner = owner;
        return ingest::ingest_paths(cf_, paths, o, "tester");
    }

    // The event written from a locator (seq 0), with its parties; fails the test when absent.
    [[nodiscard]] EventRow event_at(const std::string& locator, int seq = 0) const {
        EventRow r;
        auto st = db().prepare("SELECT e.id, e.kind, e.utc_ms, e.precision, e.time_raw, e.time_rule, "
                               "e.direction, e.app, e.thread, "
                               "e.body, e.deleted, e.attrs FROM event e JOIN source s ON s.id = e.source_id "
                               "WHERE s.locator = ?1 AND e.seq = ?2");
        st.bind(1, locator).bind(2, seq);
        if (!st.step())
            throw std::runtime_error("no event at " + locator);
        r.id = st.column_int64(0);
        r.kind = st.column_text(1);
        r.utc_ms = st.column_opt_int64(2);
        r.precision = st.column_text(3);
        r.time_raw = st.column_text(4);
        r.time_rule = st.column_text(5);
        r.direction = st.column_opt_text(6);
        r.app = st.column_opt_text(7);
        r.thread = st.column_opt_text(8);
        r.body = st.column_opt_text(9);
        r.deleted = st.column_int64(10) != 0;
        r.attrs =
            st.column_is_null(11) ? nlohmann::json::object() : nlohmann::json::parse(st.column_text(11));
        auto ps = db().prepare("SELECT p.role, en.kind, en.label, en.key, "
                               "coalesce((SELECT value FROM identifier i WHERE i.entity_id = en.id "
                               "ORDER BY i.id LIMIT 1), '') FROM event_party p JOIN entity en ON en.id = "
                               "p.entity_id WHERE p.event_id = ?1 ORDER BY p.role, en.id");
        ps.bind(1, r.id);
        while (ps.step())
            r.parties.push_back({ps.column_text(0), ps.column_text(1), ps.column_text(2), ps.column_text(3),
                                 ps.column_text(4)});
        return r;
    }

    [[nodiscard]] std::int64_t events(std::string_view kind) const {
        return q_int(db(), "SELECT count(*) FROM event WHERE kind = ?1", kind);
    }
    [[nodiscard]] std::int64_t errors(std::string_view severity) const {
        return q_int(db(), "SELECT count(*) FROM import_error WHERE severity = ?1", severity);
    }
    [[nodiscard]] nlohmann::json notes() const {
        return nlohmann::json::parse(
            q_text(db(), "SELECT notes FROM import_run ORDER BY id DESC LIMIT 1").value_or("{}"));
    }

  private:
    TempDir dir_;
    store::CaseFile cf_;
    std::string region_;
};

} // namespace android_fixture
} // namespace casegraph::test
