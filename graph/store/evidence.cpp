// Evidence registration and verification (see evidence.hpp).
#include "evidence.hpp"

#include "audit.hpp"
#include "time.hpp"

#include <nlohmann/json.hpp>
#include <system_error>

namespace casegraph::store {
namespace {

constexpr std::string_view kColumns = "id, sha256, size, original_path, original_name, media_kind, "
                                      "coalesce(detected_format,''), status, registered_by, registered_at, "
                                      "coalesce(region,''), coalesce(tz,'')";

EvidenceInfo read_row(const Statement& st) {
    return {st.column_int64(0), st.column_text(1), st.column_int64(2), st.column_text(3),
            st.column_text(4),  st.column_text(5), st.column_text(6),  st.column_text(7),
            st.column_text(8),  st.column_text(9), st.column_text(10), st.column_text(11)};
}

} // namespace

std::optional<EvidenceInfo> find_evidence_by_sha(const Db& db, const std::string& sha256) {
    auto st = db.prepare("SELECT " + std::string(kColumns) + " FROM evidence_file WHERE sha256 = ?1");
    st.bind(1, sha256);
    if (!st.step())
        return std::nullopt;
    return read_row(st);
}

std::optional<EvidenceInfo> find_evidence(const Db& db, std::int64_t id) {
    auto st = db.prepare("SELECT " + std::string(kColumns) + " FROM evidence_file WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return read_row(st);
}

std::vector<EvidenceInfo> list_evidence(const Db& db) {
    std::vector<EvidenceInfo> out;
    auto st = db.prepare("SELECT " + std::string(kColumns) + " FROM evidence_file ORDER BY id");
    while (st.step())
        out.push_back(read_row(st));
    return out;
}

void set_evidence_status(const Db& db, std::int64_t id, const std::string& status,
                         const std::string& format) {
    db.prepare(
          "UPDATE evidence_file SET status = ?2, detected_format = coalesce(nullif(?3, ''), detected_format) "
          "WHERE id = ?1")
        .bind(1, id)
        .bind(2, status)
        .bind(3, format)
        .run();
}

Registration register_hashed(const Db& db, const std::filesystem::path& path, const FileHash& fh,
                             const std::string& actor, const RegisterOptions& opts) {
    std::error_code ec;
    const auto abs = std::filesystem::absolute(path, ec);
    const std::string shown = ec ? path.string() : abs.lexically_normal().string();
    if (auto existing = find_evidence_by_sha(db, fh.sha256)) {
        nlohmann::json p{{"sha256", fh.sha256}, {"path", shown}, {"registered_as", existing->id}};
        audit_append(db, actor, "evidence.seen_again", p.dump());
        return {*existing, false};
    }
    db.prepare(
          "INSERT INTO evidence_file(sha256, size, original_path, original_name, media_kind, registered_by, "
          "registered_at, region, tz) VALUES (?1,?2,?3,?4,?5,?6,?7,nullif(?8,''),nullif(?9,''))")
        .bind(1, fh.sha256)
        .bind(2, static_cast<std::int64_t>(fh.size))
        .bind(3, shown)
        .bind(4, path.filename().string())
        .bind(5, opts.media_kind)
        .bind(6, actor)
        .bind(7, now_utc_iso())
        .bind(8, opts.region)
        .bind(9, opts.tz)
        .run();
    const auto id = db.last_insert_rowid();
    nlohmann::json p{{"evidence_id", id},
                     {"sha256", fh.sha256},
                     {"size", fh.size},
                     {"path", shown},
                     {"region", opts.region},
                     {"tz", opts.tz},
                     {"media_kind", opts.media_kind}};
    audit_append(db, actor, "evidence.register", p.dump());
    return {*find_evidence(db, id), true};
}

Registration register_evidence(const CaseFile& cf, const std::filesystem::path& path,
                               const std::string& actor, const RegisterOptions& opts,
                               const ByteProgress& progress) {
    const FileHash fh = hash_file(path, progress); // outside the transaction: hashing can take minutes
    Transaction tx(cf.db());
    auto r = register_hashed(cf.db(), path, fh, actor, opts);
    tx.commit();
    return r;
}

std::string_view to_string(VerifyState s) {
    switch (s) {
    case VerifyState::unchanged:
        return "unchanged";
    case VerifyState::changed:
        return "changed";
    case VerifyState::missing:
        return "missing";
    case VerifyState::unreadable:
        return "unreadable";
    }
    return "unreadable";
}

std::vector<VerifyResult> verify_evidence(const CaseFile& cf, const std::string& actor,
                                          const ByteProgress& progress) {
    std::vector<VerifyResult> out;
    for (auto& info : list_evidence(cf.db())) {
        VerifyResult r;
        r.info = info;
        const std::filesystem::path p(info.original_path);
        std::error_code ec;
        if (!std::filesystem::exists(p, ec)) {
            r.state = VerifyState::missing;
            r.detail = "not found at " + info.original_path;
        } else {
            try {
                const auto fh = hash_file(p, progress);
                r.actual_sha256 = fh.sha256;
                r.state = fh.sha256 == info.sha256 ? VerifyState::unchanged : VerifyState::changed;
                if (r.state == VerifyState::changed)
                    r.detail = "SHA-256 is now " + fh.sha256 + " (" + std::to_string(fh.size) +
                               " bytes; registered " + std::to_string(info.size) + " bytes)";
            } catch (const std::exception& e) {
                r.state = VerifyState::unreadable;
                r.detail = e.what();
            }
        }
        out.push_back(std::move(r));
    }
    nlohmann::json results = nlohmann::json::array();
    for (const auto& r : out)
        results.push_back(
            {{"evidence_id", r.info.id}, {"state", to_string(r.state)}, {"sha256", r.info.sha256}});
    Transaction tx(cf.db());
    audit_append(cf.db(), actor, "evidence.verify", nlohmann::json{{"results", results}}.dump());
    tx.commit();
    return out;
}

} // namespace casegraph::store
