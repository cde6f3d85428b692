// Ingest and hashing against their ceilings, measured in the same run on the same data (issue 10):
//  - registration hashing (store::hash_file) vs `openssl dgst -sha256` on the same file;
//  - ingest of one evidence file vs a bare prepared-statement insert of the same number of rows into
//    SQLite in one transaction; peak RSS of the process.
// Usage: bench_ingest HASH-FILE        (e.g. a 1 GB file made with `head -c 1G /dev/urandom > big.bin`)
//        bench_ingest EVIDENCE --ingest [--region GB] [--tz Europe/London] [--owner ID]
//        bench_ingest --demo FORMAT N [--seed S] [--out DIR]
//            generates N records of one format with the demo generator, then benchmarks their ingest
//            (with --out: only writes the evidence into DIR/evidence and prints format, owner, path)
#include "demo/demo.hpp"
#include "ingest/ingest.hpp"
#include "store/case_file.hpp"
#include "store/hash.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <sqlite3.h>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

using namespace casegraph;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Wall and CPU seconds of one step. On the shared 2-core machine other people's builds stretch wall
// time; the process's CPU time is the steadier figure, so both are printed.
double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
struct Span {
    double wall = 0;
    double cpu = 0;
};
struct Stopwatch {
    Clock::time_point w0 = Clock::now();
    double c0 = cpu_now();
    [[nodiscard]] Span stop() const { return {seconds_since(w0), cpu_now() - c0}; }
};

long peak_rss_mb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

int bench_hash(const std::string& file) {
    auto t0 = Clock::now();
    const auto ours = store::hash_file(file);
    const double t_ours = seconds_since(t0);
    const std::string cmd = "openssl dgst -sha256 '" + file + "' > /dev/null";
    t0 = Clock::now();
    if (std::system(cmd.c_str()) != 0) {
        std::cerr << "openssl failed\n";
        return 1;
    }
    const double t_openssl = seconds_since(t0);
    const double mb = static_cast<double>(ours.size) / (1024.0 * 1024.0);
    std::printf(
        "hash  %s  %.0f MiB  casegraph %.2f s (%.0f MiB/s)  openssl %.2f s (%.0f MiB/s)  ratio %.2f\n",
        file.c_str(), mb, t_ours, mb / t_ours, t_openssl, mb / t_openssl, t_openssl / t_ours);
    return 0;
}

// The ceiling: N rows of a comparable width inserted with one prepared statement in one transaction.
Span bare_insert(const std::string& dir, std::int64_t rows) {
    const std::string path = dir + "/ceiling.db";
    std::remove(path.c_str());
    store::Db db(path, store::OpenMode::ReadWriteCreate);
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    db.exec(
        "CREATE TABLE t(id INTEGER PRIMARY KEY, kind TEXT, utc_ms INTEGER, body TEXT, a INTEGER, b INTEGER)");
    const Stopwatch sw;
    store::Transaction tx(db);
    auto ins = db.prepare("INSERT INTO t(kind, utc_ms, body, a, b) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (std::int64_t i = 0; i < rows; ++i)
        ins.bind(1, "message")
            .bind(2, 1704067200000 + i)
            .bind(3, "message number " + std::to_string(i) + " about the flat and the money")
            .bind(4, i % 400)
            .bind(5, i % 3)
            .run();
    tx.commit();
    return sw.stop();
}

// A second ceiling: the very rows the import wrote (sources, entities, identifiers and their sightings,
// events, parties, full-text rows, links), re-inserted with one prepared statement per table in one
// transaction into a fresh case with the same schema, indexes and pragmas. What ingest costs beyond
// this is ours (reading and parsing the evidence, normalising, resolving, savepoints); this ceiling is
// what the case's schema costs.
Span same_rows_insert(const std::string& dir, const std::string& ingested, std::int64_t& rows) {
    auto cf = store::CaseFile::create(dir + "/same-rows.case", {}, "bench");
    const auto& db = cf.db();
    db.prepare("ATTACH DATABASE ?1 AS src").bind(1, ingested).run();
    rows = 0;
    const Stopwatch sw;
    store::Transaction tx(db);
    for (const char* table :
         {"evidence_file", "import_run", "source", "entity", "identifier", "identifier_source",
          "entity_source", "event", "event_party", "search", "link", "link_event"}) {
        const std::string t = table;
        if (t == "evidence_file" || t == "import_run") { // a handful of rows, copied in bulk
            db.exec("INSERT INTO main." + t + " SELECT * FROM src." + t);
            continue;
        }
        const std::string select = t == "search"
                                       ? "SELECT rowid, text, target_kind, target_id FROM src.search"
                                       : "SELECT * FROM src." + t;
        sqlite3_stmt* sel = nullptr;
        sqlite3_stmt* ins = nullptr;
        sqlite3_prepare_v2(db.handle(), select.c_str(), -1, &sel, nullptr);
        const int n = sqlite3_column_count(sel);
        std::string sql = "INSERT INTO main." + t +
                          (t == "search" ? "(rowid, text, target_kind, target_id)" : "") + " VALUES (";
        for (int i = 0; i < n; ++i)
            sql += (i ? ",?" : "?");
        sql += ")";
        sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &ins, nullptr);
        while (sqlite3_step(sel) == SQLITE_ROW) {
            for (int i = 0; i < n; ++i)
                sqlite3_bind_value(ins, i + 1, sqlite3_column_value(sel, i));
            if (sqlite3_step(ins) != SQLITE_DONE)
                std::fprintf(stderr, "same-rows insert into %s: %s\n", t.c_str(),
                             sqlite3_errmsg(db.handle()));
            sqlite3_reset(ins);
            ++rows;
        }
        sqlite3_finalize(sel);
        sqlite3_finalize(ins);
    }
    tx.commit();
    return sw.stop();
}

int bench_ingest(const std::string& file, const ingest::IngestOptions& opts) {
    char tmpl[] = "/tmp/casegraph-bench-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr)
        return 1;
    const std::string dir = tmpl;
    auto cf = store::CaseFile::create(dir + "/bench.case", {.region = opts.region, .tz = opts.tz}, "bench");
    const Stopwatch sw;
    const auto report = ingest::ingest_paths(cf, {file}, opts, "bench");
    const Span t = sw.stop();
    std::int64_t records = 0;
    std::string format;
    for (const auto& f : report.files) {
        records += f.records;
        if (!f.format.empty())
            format = f.format;
    }
    const long rss = peak_rss_mb();
    const Span c = bare_insert(dir, records);
    std::int64_t same_rows = 0;
    const Span s = same_rows_insert(dir, dir + "/bench.case", same_rows);
    const auto rec = static_cast<double>(records);
    std::printf(
        "ingest  %s  %s  %lld records  wall %.2f s (%.0f rec/s)  cpu %.2f s (%.0f rec/s)  peak RSS %ld MiB\n"
        "  ceiling, bare insert of %lld rows: wall %.2f s  cpu %.2f s  ratio wall %.3f  cpu %.3f\n"
        "  same rows, same schema (%lld rows): wall %.2f s  cpu %.2f s  ratio wall %.2f  cpu %.2f\n",
        format.c_str(), file.c_str(), static_cast<long long>(records), t.wall, rec / t.wall, t.cpu,
        rec / t.cpu, rss, static_cast<long long>(records), c.wall, c.cpu, c.wall / t.wall, c.cpu / t.cpu,
        static_cast<long long>(same_rows), s.wall, s.cpu, s.wall / t.wall, s.cpu / t.cpu);
    std::system(("rm -rf '" + dir + "'").c_str());
    return 0;
}

} // namespace

// Writes N records of one format (tools/demo, DemoOptions::only) and benchmarks their ingest with the
// owner an examiner would give.
int bench_demo(const std::string& format, std::int64_t n, std::uint64_t seed, ingest::IngestOptions opts) {
    char tmpl[] = "/tmp/casegraph-bench-demo-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr)
        return 1;
    const std::string dir = tmpl;
    const auto t0 = Clock::now();
    const auto m = demo::write_demo_evidence(dir, {.seed = seed, .events = n, .only = format});
    std::printf("generated  %s  %lld records  in %.2f s\n", format.c_str(), static_cast<long long>(n),
                seconds_since(t0));
    opts.owner = m.files.front().owner_e164;
    const int rc = bench_ingest(m.files.front().path.string(), opts);
    std::system(("rm -rf '" + dir + "'").c_str());
    return rc;
}

int main(int argc, char** argv) {
    if (argc >= 4 && std::string(argv[1]) == "--demo") {
        ingest::IngestOptions opts;
        opts.region = "GB";
        opts.region_from = "case";
        opts.tz = "Europe/London";
        opts.tz_from = "case";
        std::uint64_t seed = 1;
        std::string out;
        for (int i = 4; i + 1 < argc; i += 2) {
            const std::string a = argv[i];
            if (a == "--seed")
                seed = std::stoull(argv[i + 1]);
            else if (a == "--out")
                out = argv[i + 1];
        }
        if (!out.empty()) { // only write the evidence (to time another build on the same input)
            const auto m = demo::write_demo_evidence(
                out, {.seed = seed, .events = std::stoll(argv[3]), .only = argv[2]});
            for (const auto& f : m.files)
                std::printf("%s\t%s\t%s\n", f.format.c_str(), f.owner_e164.c_str(), f.path.string().c_str());
            return 0;
        }
        return bench_demo(argv[2], std::stoll(argv[3]), seed, opts);
    }
    if (argc < 2) {
        std::cerr
            << "usage: bench_ingest HASH-FILE | bench_ingest EVIDENCE --ingest [--region CC] [--tz ZONE]\n";
        return 2;
    }
    const std::string file = argv[1];
    bool ingest_mode = false;
    ingest::IngestOptions opts;
    opts.region = "GB";
    opts.region_from = "case";
    opts.tz = "Europe/London";
    opts.tz_from = "case";
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--ingest")
            ingest_mode = true;
        else if (a == "--region" && i + 1 < argc)
            opts.region = argv[++i];
        else if (a == "--tz" && i + 1 < argc)
            opts.tz = argv[++i];
        else if (a == "--owner" && i + 1 < argc)
            opts.owner = argv[++i];
    }
    return ingest_mode ? bench_ingest(file, opts) : bench_hash(file);
}
