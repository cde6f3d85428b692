// Hash-chained audit log (see audit.hpp).
#include "audit.hpp"

#include "hash.hpp"
#include "time.hpp"

namespace casegraph::store {

std::string audit_row_hash(const AuditEntry& e) {
    // Length-prefixed fields so that no two different rows can serialise to the same bytes.
    Sha256 h;
    auto field = [&h](std::string_view v) {
        h.update(std::to_string(v.size()));
        h.update(":");
        h.update(v);
        h.update("\n");
    };
    field(e.prev_hash);
    field(std::to_string(e.seq));
    field(e.at);
    field(e.actor);
    field(e.action);
    field(e.params);
    return h.hex_digest();
}

std::string audit_append(const Db& db, const std::string& actor, const std::string& action,
                         const std::string& params) {
    AuditEntry e;
    auto last = db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (last.step()) {
        e.seq = last.column_int64(0) + 1;
        e.prev_hash = last.column_text(1);
    } else {
        e.seq = 1;
        e.prev_hash = std::string(kGenesisHash);
    }
    e.at = now_utc_iso();
    e.actor = actor;
    e.action = action;
    e.params = params;
    e.hash = audit_row_hash(e);
    db.prepare("INSERT INTO audit_log(seq, at, actor, action, params, prev_hash, hash) VALUES "
               "(?1,?2,?3,?4,?5,?6,?7)")
        .bind(1, e.seq)
        .bind(2, e.at)
        .bind(3, e.actor)
        .bind(4, e.action)
        .bind(5, e.params)
        .bind(6, e.prev_hash)
        .bind(7, e.hash)
        .run();
    return e.hash;
}

std::vector<AuditEntry> audit_read(const Db& db) {
    std::vector<AuditEntry> out;
    auto st =
        db.prepare("SELECT seq, at, actor, action, params, prev_hash, hash FROM audit_log ORDER BY seq");
    while (st.step())
        out.push_back({st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3),
                       st.column_text(4), st.column_text(5), st.column_text(6)});
    return out;
}

ChainCheck audit_verify(const Db& db) {
    ChainCheck c;
    std::string prev(kGenesisHash);
    std::int64_t expected_seq = 1;
    for (const auto& e : audit_read(db)) {
        ++c.rows;
        if (c.intact) {
            std::string problem;
            if (e.seq != expected_seq)
                problem = "row " + std::to_string(expected_seq) + " is missing (next row is " +
                          std::to_string(e.seq) + ")";
            else if (e.prev_hash != prev)
                problem = "previous-hash link does not match the row before";
            else if (audit_row_hash(e) != e.hash)
                problem = "row content does not match its hash (the row was altered)";
            if (!problem.empty()) {
                c.intact = false;
                c.first_bad_seq = e.seq;
                c.problem = problem;
            }
        }
        prev = e.hash;
        expected_seq = e.seq + 1;
        c.head_hash = e.hash;
    }
    return c;
}

} // namespace casegraph::store
