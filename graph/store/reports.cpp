// Case summaries (see reports.hpp).
#include "reports.hpp"

#include "schema.hpp"

namespace casegraph::store {

Stats read_stats(const Db& db) {
    Stats s;
    s.schema_version = schema_version(db);
    s.evidence_files = db.scalar_int("SELECT count(*) FROM evidence_file");
    s.sources = db.scalar_int("SELECT count(*) FROM source");
    s.identifiers = db.scalar_int("SELECT count(*) FROM identifier");
    s.links = db.scalar_int("SELECT count(*) FROM link");
    s.import_errors = db.scalar_int("SELECT count(*) FROM import_error");
    auto e = db.prepare("SELECT kind, count(*) FROM entity GROUP BY kind ORDER BY kind");
    while (e.step())
        s.entities[e.column_text(0)] = e.column_int64(1);
    auto v = db.prepare("SELECT kind, count(*) FROM event GROUP BY kind ORDER BY kind");
    while (v.step())
        s.events[v.column_text(0)] = v.column_int64(1);
    return s;
}

std::vector<ErrorRow> read_errors(const Db& db) {
    std::vector<ErrorRow> out;
    auto st =
        db.prepare("SELECT f.sha256, f.original_name, x.locator, x.severity, x.message FROM import_error x "
                   "JOIN evidence_file f ON f.id = x.evidence_id ORDER BY x.id");
    while (st.step())
        out.push_back(
            {st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3), st.column_text(4)});
    return out;
}

} // namespace casegraph::store
