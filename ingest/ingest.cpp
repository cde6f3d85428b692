// The ingest loop (see ingest.hpp).
#include "ingest.hpp"

#include "archive.hpp"
#include "store/audit.hpp"
#include "store/evidence.hpp"
#include "store/time.hpp"
#include "ufdr.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace casegraph::ingest {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

constexpr std::string_view kSidecars[] = {"-wal", "-shm", "-journal"};

// One thing to import inside an evidence file: the file itself, or an archive member.
struct Unit {
    Input input;
    std::string member; // '' for the file itself
    std::string shown;  // for messages and outcomes
    // Across the passes of one file: progress was reported for it (a pass after a rollback reads it
    // again without reporting it twice); it imported without failing (it will again: no savepoint).
    bool reported = false;
    bool succeeded = false;
};

nlohmann::json params_json(const IngestOptions& o) {
    return {
        {"region", o.region}, {"region_from", o.region_from}, {"tz", o.tz},           {"tz_from", o.tz_from},
        {"owner", o.owner},   {"date_order", o.date_order},   {"profile", o.profile}, {"format", o.format}};
}

// A unit that failed after writing rows, as seen on the pass that found it.
struct FailedUnit {
    std::string status;
    std::string message;
    nlohmann::json notes;
};
// Thrown out of a file's transaction to roll it back and import the file again without that unit.
// Only the first pass throws it: the next pass gives each unit it has not seen succeed a savepoint of
// its own, so a second failing unit costs a rollback to that savepoint, not a third pass.
struct UnitRedo {
    std::size_t index = 0;
    FailedUnit failure;
};

class Runner {
  public:
    Runner(const store::CaseFile& cf, const IngestOptions& opts, std::string actor, IngestProgress* progress)
        : cf_(cf), opts_(opts), actor_(std::move(actor)), progress_(progress) {}

    void file(const std::filesystem::path& path, const std::optional<std::filesystem::path>& wal) {
        const std::string shown = path.string();
        FileOutcome base;
        base.path = shown;
        store::FileHash fh;
        std::optional<store::FileHash> wal_hash;
        try {
            fh = store::hash_file(path, [&](std::uint64_t d, std::uint64_t t) {
                if (progress_)
                    progress_->hashing(shown, d, t);
            });
            if (wal)
                wal_hash = store::hash_file(*wal);
        } catch (const std::exception& e) {
            base.status = "failed";
            base.message = e.what();
            done(base);
            return;
        }
        base.sha256 = fh.sha256;
        std::vector<unsigned char> head;
        Probe probe = make_probe(path, head);
        const bool archive = looks_like_archive(probe.head) && opts_.format.empty();

        std::optional<ExtractedArchive> extracted;
        std::vector<Unit> units;
        std::vector<std::pair<std::string, std::string>> problems;
        if (archive) {
            try {
                extracted.emplace(extract_archive(path));
            } catch (const std::exception& e) {
                base.status = "failed";
                base.message = e.what();
                fail_whole_file(path, fh, base, "archive");
                return;
            }
            problems = extracted->problems;
            std::map<std::string, const ArchiveMember*> by_path;
            auto siblings = std::make_shared<std::vector<ArchiveSibling>>();
            for (const auto& m : extracted->members) {
                by_path[m.path] = &m;
                siblings->push_back({m.path, extracted->kind + ":" + m.path, m.extracted, m.size, m.sha256});
            }
            // A Cellebrite .ufdr is one report: only its report.xml is imported, the rest are the files
            // it was decoded from, recorded as members and linked from its records (ufdr.hpp says why).
            const ArchiveMember* ufdr = ufdr_report(*extracted);
            for (const auto& m : extracted->members) {
                if (ufdr != nullptr && &m != ufdr)
                    continue;
                bool is_sidecar = false;
                for (auto sfx : kSidecars)
                    if (ends_with(m.path, sfx) &&
                        by_path.count(m.path.substr(0, m.path.size() - sfx.size())) != 0)
                        is_sidecar = true;
                Unit u;
                u.member = m.path;
                u.shown = shown + "!" + m.path;
                u.input.path = m.extracted;
                u.input.display_name = u.shown;
                u.input.locator_prefix = extracted->kind + ":" + m.path + "!";
                u.input.size = m.size;
                u.input.member = m.path;
                u.input.siblings = siblings;
                if (auto it = by_path.find(m.path + "-wal"); it != by_path.end())
                    u.input.wal = it->second->extracted;
                if (!is_sidecar)
                    units.push_back(std::move(u));
            }
        } else {
            Unit u;
            u.shown = shown;
            u.input.path = path;
            u.input.display_name = path.filename().string();
            u.input.wal = wal;
            u.input.size = fh.size;
            units.push_back(std::move(u));
        }

        // Register and import the whole file in one transaction. Units run without a savepoint of their
        // own (one would make SQLite copy every page a unit touches into the statement sub-journal, and
        // every record savepoint pay for it): a unit that fails after writing rows sends the file round
        // again, in a new transaction, with that unit recorded as failed instead of imported.
        const auto& db = cf_.db();
        std::vector<FileOutcome> outcomes;
        std::map<std::size_t, FailedUnit> failed;
        bool redo = false; // a pass after a rollback: untried units get savepoints
        for (;;) {
            outcomes.clear();
            try {
                store::Transaction tx(db);
                // Only what was given for this evidence is recorded with it; case defaults live in the case.
                store::RegisterOptions ro{opts_.region_from == "evidence" ? opts_.region : "",
                                          opts_.tz_from == "evidence" ? opts_.tz : "",
                                          archive ? "archive" : "file"};
                const auto reg = store::register_hashed(db, path, fh, actor_, ro);
                if (wal && wal_hash) {
                    store::RegisterOptions wo = ro;
                    wo.media_kind = "sidecar";
                    (void)store::register_hashed(db, *wal, *wal_hash, actor_, wo);
                }
                if (extracted)
                    record_members(reg.info.id, *extracted);
                for (const auto& [member, message] : problems)
                    insert_error(reg.info.id, std::nullopt, extracted->kind + ":" + member, "error", message);
                std::string file_status;
                for (std::size_t i = 0; i < units.size(); ++i) {
                    const auto it = failed.find(i);
                    FileOutcome o =
                        unit(reg.info, units[i], i, it == failed.end() ? nullptr : &it->second, redo);
                    o.sha256 = fh.sha256;
                    file_status = merge_status(file_status, o.status);
                    outcomes.push_back(std::move(o));
                }
                if (!file_status.empty() && file_status != "already-imported") {
                    const std::string fmt =
                        units.size() == 1 ? outcomes.front().format : std::string("archive");
                    store::set_evidence_status(db, reg.info.id, file_status, fmt);
                }
                tx.commit();
                break;
            } catch (UnitRedo& r) {
                // The transaction rolled back; go round again with this unit recorded as failed.
                const std::size_t index = r.index;
                failed.emplace(index, std::move(r.failure));
                redo = true;
                if (progress_)
                    progress_->rereading(shown);
            } catch (const std::exception& e) {
                base.status = "failed";
                base.message = e.what();
                done(base);
                return;
            }
        }
        for (auto& o : outcomes)
            done(o);
        if (wal) {
            FileOutcome w;
            w.path = wal->string();
            w.sha256 = wal_hash ? wal_hash->sha256 : "";
            w.status = "sidecar";
            w.message = "write-ahead log of " + path.filename().string() + ", read with it";
            done(w);
        }
    }

    void sidecar(const std::filesystem::path& path, const std::filesystem::path& owner) {
        // A -shm or -journal beside its database: registered so its hash is on record, never parsed.
        FileOutcome o;
        o.path = path.string();
        o.status = "sidecar";
        try {
            const auto fh = store::hash_file(path);
            o.sha256 = fh.sha256;
            store::Transaction tx(cf_.db());
            (void)store::register_hashed(cf_.db(), path, fh, actor_, {"", "", "sidecar"});
            tx.commit();
            o.message = "sidecar of " + owner.filename().string() + ", registered, not parsed";
        } catch (const std::exception& e) {
            o.status = "failed";
            o.message = e.what();
        }
        done(o);
    }

    IngestReport report;

  private:
    static std::string merge_status(const std::string& a, const std::string& b) {
        // The file's status is the worst of its units'.
        static const std::vector<std::string> order{"already-imported", "imported", "unsupported", "partial",
                                                    "failed"};
        auto rank = [&](const std::string& s) {
            auto it = std::find(order.begin(), order.end(), s);
            return it == order.end() ? -1 : static_cast<int>(it - order.begin());
        };
        return rank(b) > rank(a) ? b : a;
    }

    void done(const FileOutcome& o) {
        if (progress_)
            progress_->file_done(o);
        report.files.push_back(o);
    }

    void fail_whole_file(const std::filesystem::path& path, const store::FileHash& fh, FileOutcome& base,
                         const std::string& kind) {
        try {
            store::Transaction tx(cf_.db());
            const auto reg = store::register_hashed(cf_.db(), path, fh, actor_, {"", "", kind});
            insert_error(reg.info.id, std::nullopt, "", "error", base.message);
            store::set_evidence_status(cf_.db(), reg.info.id, "failed", "");
            tx.commit();
        } catch (const std::exception& e) {
            base.message += std::string("; and it could not be recorded: ") + e.what();
        }
        done(base);
    }

    void record_members(std::int64_t evidence_id, const ExtractedArchive& ex) {
        auto st = cf_.db().prepare("INSERT OR IGNORE INTO evidence_member(evidence_id, path, size, sha256) "
                                   "VALUES (?1, ?2, ?3, ?4)");
        for (const auto& m : ex.members)
            st.bind(1, evidence_id)
                .bind(2, m.path)
                .bind(3, static_cast<std::int64_t>(m.size))
                .bind(4, m.sha256)
                .run();
    }

    void insert_error(std::int64_t evidence_id, std::optional<std::int64_t> run, const std::string& locator,
                      const std::string& severity, const std::string& message) {
        cf_.db()
            .prepare("INSERT INTO import_error(evidence_id, import_run_id, locator, severity, message) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, evidence_id)
            .bind(2, run)
            .bind(3, locator)
            .bind(4, severity)
            .bind(5, message)
            .run();
    }

    std::optional<std::string> previous_run(std::int64_t evidence_id, const std::string& member) {
        auto st =
            cf_.db().prepare("SELECT importer FROM import_run WHERE evidence_id = ?1 AND member = ?2 AND "
                             "status IN ('ok', 'partial', 'unsupported') ORDER BY id DESC LIMIT 1");
        st.bind(1, evidence_id).bind(2, member);
        if (st.step())
            return st.column_text(0);
        return std::nullopt;
    }

    std::int64_t start_run(std::int64_t evidence_id, const std::string& member, const std::string& importer,
                           const std::string& version) {
        cf_.db()
            .prepare(
                "INSERT INTO import_run(evidence_id, member, importer, importer_version, params, started_at, "
                "status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running')")
            .bind(1, evidence_id)
            .bind(2, member)
            .bind(3, importer)
            .bind(4, version)
            .bind(5, params_json(opts_).dump())
            .bind(6, store::now_utc_iso())
            .run();
        return cf_.db().last_insert_rowid();
    }

    FileOutcome unit(const store::EvidenceInfo& ev, Unit& u, std::size_t index, const FailedUnit* failed,
                     bool redo) {
        FileOutcome o;
        o.path = u.shown;
        const auto& db = cf_.db();
        if (auto prev = previous_run(ev.id, u.member)) {
            o.status = "already-imported";
            o.format = *prev;
            o.message = "already imported into this case; nothing added";
            return o;
        }
        std::vector<unsigned char> head;
        Probe probe = make_probe(u.input.path, head);
        const Importer* imp = nullptr;
        if (!opts_.format.empty()) {
            imp = find_importer(opts_.format);
            if (imp == nullptr) {
                o.status = "failed";
                o.message = "unknown --format " + opts_.format;
                return o;
            }
        } else {
            imp = detect_importer(probe);
            // A mapping profile is for bank CSV: a layout that detection cannot recognise (no header row).
            if (imp == nullptr && !opts_.profile.empty())
                imp = find_importer("bank-csv");
        }
        if (imp == nullptr) {
            const auto run = start_run(ev.id, u.member, "none", "");
            o.status = "unsupported";
            o.message = describe_unsupported(probe);
            insert_error(ev.id, run,
                         u.input.locator_prefix.empty()
                             ? ""
                             : u.input.locator_prefix.substr(0, u.input.locator_prefix.size() - 1),
                         "warning", o.message);
            finish_run(run, "unsupported", {}, nlohmann::json::object());
            audit_unit(ev, u, "none", "", o.status, {});
            return o;
        }
        o.format = std::string(imp->format());
        const auto run = start_run(ev.id, u.member, o.format, std::string(imp->version()));
        nlohmann::json notes = nlohmann::json::object();
        if (failed != nullptr) {
            // An earlier pass saw this unit fail after it had written rows: only the failure is kept.
            o.status = failed->status;
            o.message = failed->message;
            notes = failed->notes;
        } else {
            IngestProgress* progress = u.reported ? nullptr : progress_; // counted on an earlier pass
            u.reported = true;
            if (progress)
                progress->file_started(u.shown, o.format);
            // After a rollback, a unit not yet seen to succeed may fail too: it undoes itself.
            std::optional<store::Savepoint> own;
            if (redo && !u.succeeded)
                own.emplace(db, "unit");
            store::ImportWriter writer(db, ev.id, run, ev.sha256);
            writer.defer_search(true); // flushed between records and below
            ImportContext ctx(writer, opts_, u.input, [progress](std::int64_t n) {
                if (progress)
                    progress->records(n);
            });
            const std::int64_t changes_before = db.total_changes();
            try {
                imp->import(u.input, ctx);
                writer.flush_search();
                ctx.flush_progress();
            } catch (const InputError& e) {
                o.status = e.status();
                o.message = e.what();
            } catch (const std::exception& e) {
                o.status = "failed";
                o.message = u.shown + ": import stopped: " + e.what();
            }
            if (o.status.empty()) {
                if (own)
                    own->release();
                u.succeeded = true;
                return finish_unit(ev, u, imp, run, writer, ctx, std::move(o));
            }
            notes = ctx.notes();
            // Rows written before the failure are undone: back to the unit's savepoint, or with the whole
            // transaction (see file()).
            if (!own && db.total_changes() != changes_before)
                throw UnitRedo{index, {o.status, o.message, notes}};
            own.reset(); // rolls back to the savepoint
        }
        {
            // Nothing of this unit is in the case; keep only the failure on record.
            insert_error(ev.id, run, u.input.locator_prefix, "error", o.message);
            finish_run(run, o.status == "unsupported" ? "unsupported" : "failed", {1, 0, 1, 0}, notes);
            o.errors = 1;
            audit_unit(ev, u, o.format, std::string(imp->version()), o.status, {0, 0, 1, 0});
            return o;
        }
    }

    // A unit imported without failing: links, counts, the run's record and the audit entry.
    FileOutcome finish_unit(const store::EvidenceInfo& ev, const Unit& u, const Importer* imp,
                            std::int64_t run, const store::ImportWriter& writer, const ImportContext& ctx,
                            FileOutcome o) {
        const auto& db = cf_.db();
        store::update_links_for_run(db, run);
        store::ImportCounts c = writer.counts();
        {
            auto st =
                db.prepare("SELECT count(*) FROM source s CROSS JOIN event e ON e.source_id = s.id WHERE "
                           "s.evidence_id = ?2 AND s.import_run_id = ?1");
            st.bind(1, run).bind(2, ev.id);
            c.events = st.step() ? st.column_int64(0) : 0;
        }
        o.status = c.errors > 0 ? "partial" : "imported";
        o.records = c.records;
        o.events = c.events;
        o.errors = c.errors;
        o.warnings = c.warnings;
        finish_run(run, c.errors > 0 ? "partial" : "ok", c, ctx.notes());
        audit_unit(ev, u, o.format, std::string(imp->version()), o.status, c);
        return o;
    }

    void audit_unit(const store::EvidenceInfo& ev, const Unit& u, const std::string& importer,
                    const std::string& version, const std::string& status, const store::ImportCounts& c) {
        nlohmann::json a{
            {"evidence_id", ev.id}, {"sha256", ev.sha256},         {"member", u.member},
            {"importer", importer}, {"importer_version", version}, {"params", params_json(opts_)},
            {"status", status},     {"records", c.records},        {"events", c.events},
            {"errors", c.errors},   {"warnings", c.warnings}};
        store::audit_append(cf_.db(), actor_, "ingest", a.dump());
    }

    void finish_run(std::int64_t run, const std::string& status, const store::ImportCounts& c,
                    const nlohmann::json& notes) {
        cf_.db()
            .prepare("UPDATE import_run SET status = ?2, finished_at = ?3, records = ?4, errors = ?5, "
                     "warnings = ?6, "
                     "notes = ?7 WHERE id = ?1")
            .bind(1, run)
            .bind(2, status)
            .bind(3, store::now_utc_iso())
            .bind(4, c.records)
            .bind(5, c.errors)
            .bind(6, c.warnings)
            .bind(7, notes.dump())
            .run();
    }

    static std::string describe_unsupported(const Probe& p) {
        if (!p.sqlite_tables.empty()) {
            std::string t;
            for (std::size_t i = 0; i < p.sqlite_tables.size() && i < 8; ++i)
                t += (i ? ", " : "") + p.sqlite_tables[i];
            if (p.sqlite_tables.size() > 8)
                t += ", …";
            return "unsupported: a SQLite database casegraph has no importer for (tables: " + t +
                   "); registered and hashed, nothing imported";
        }
        if (p.size == 0)
            return "unsupported: empty file; registered and hashed, nothing imported";
        return "unsupported: no importer recognises this content; registered and hashed, nothing imported";
    }

    const store::CaseFile& cf_;
    const IngestOptions& opts_;
    std::string actor_;
    IngestProgress* progress_;
};

} // namespace

bool IngestReport::any_failed() const {
    return std::any_of(files.begin(), files.end(), [](const FileOutcome& f) { return f.status == "failed"; });
}

bool looks_like_archive(std::span<const unsigned char> h) {
    auto at = [&](std::size_t i) { return i < h.size() ? h[i] : 0; };
    if (at(0) == 'P' && at(1) == 'K' && at(2) == 3 && at(3) == 4)
        return true; // zip
    if (at(0) == 0x1f && at(1) == 0x8b)
        return true; // gzip (tar.gz)
    if (at(0) == 'B' && at(1) == 'Z' && at(2) == 'h')
        return true; // bzip2
    if (at(0) == 0xfd && at(1) == '7' && at(2) == 'z' && at(3) == 'X' && at(4) == 'Z')
        return true; // xz
    if (h.size() > 262 && std::string_view(reinterpret_cast<const char*>(h.data()) + 257, 5) == "ustar")
        return true; // tar
    return false;
}

std::vector<WalkedFile> walk(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::recursive_directory_iterator(
             root, std::filesystem::directory_options::skip_permission_denied);
         it != std::filesystem::recursive_directory_iterator(); ++it)
        if (it->is_regular_file())
            files.push_back(it->path());
    std::sort(files.begin(), files.end());
    const std::set<std::filesystem::path> all(files.begin(), files.end());
    std::vector<WalkedFile> out;
    for (const auto& f : files) {
        WalkedFile w{f, std::nullopt, false};
        const std::string s = f.string();
        for (auto sfx : kSidecars)
            if (ends_with(s, sfx) && all.count(s.substr(0, s.size() - sfx.size())) != 0)
                w.sidecar = true;
        if (!w.sidecar && all.count(s + "-wal") != 0)
            w.wal = s + "-wal";
        out.push_back(std::move(w));
    }
    return out;
}

IngestReport ingest_paths(const store::CaseFile& cf, const std::vector<std::filesystem::path>& paths,
                          const IngestOptions& options, const std::string& actor, IngestProgress* progress) {
    Runner r(cf, options, actor, progress);
    for (const auto& p : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(p, ec)) {
            for (const auto& w : walk(p)) {
                if (w.sidecar) {
                    if (!ends_with(w.path.string(), "-wal")) // a -wal is registered with its database
                        r.sidecar(w.path, w.path.string().substr(0, w.path.string().rfind('-')));
                    continue;
                }
                r.file(w.path, w.wal);
            }
        } else if (std::filesystem::is_regular_file(p, ec)) {
            std::optional<std::filesystem::path> wal;
            if (std::filesystem::is_regular_file(p.string() + "-wal", ec))
                wal = p.string() + "-wal";
            r.file(p, wal);
        } else {
            FileOutcome o;
            o.path = p.string();
            o.status = "failed";
            o.message = p.string() + ": no such file or folder";
            if (progress)
                progress->file_done(o);
            r.report.files.push_back(o);
        }
    }
    return r.report;
}

} // namespace casegraph::ingest
