// Ingest and hashing against their ceilings, measured in the same run on the same data (issue 10):
//  - registration hashing (store::hash_file) vs `openssl dgst -sha256` on the same file;
//  - ingest of one evidence file vs a bare prepared-statement insert of the same number of rows into
//    SQLite in one transaction; peak RSS of the process.
// Usage: bench_ingest HASH-FILE        (e.g. a 1 GB file made with `head -c 1G /dev/urandom > big.bin`)
//        bench_ingest EVIDENCE [--region GB] [--tz Europe/London]
#include "ingest/ingest.hpp"
#include "store/case_file.hpp"
#include "store/hash.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

using namespace casegraph;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

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
double bare_insert(const std::string& dir, std::int64_t rows) {
    const std::string path = dir + "/ceiling.db";
    std::remove(path.c_str());
    store::Db db(path, store::OpenMode::ReadWriteCreate);
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    db.exec(
        "CREATE TABLE t(id INTEGER PRIMARY KEY, kind TEXT, utc_ms INTEGER, body TEXT, a INTEGER, b INTEGER)");
    const auto t0 = Clock::now();
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
    return seconds_since(t0);
}

int bench_ingest(const std::string& file, const ingest::IngestOptions& opts) {
    char tmpl[] = "/tmp/casegraph-bench-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr)
        return 1;
    const std::string dir = tmpl;
    auto cf = store::CaseFile::create(dir + "/bench.case", {.region = opts.region, .tz = opts.tz}, "bench");
    const auto t0 = Clock::now();
    const auto report = ingest::ingest_paths(cf, {file}, opts, "bench");
    const double t_ingest = seconds_since(t0);
    std::int64_t records = 0;
    std::string format;
    for (const auto& f : report.files) {
        records += f.records;
        if (!f.format.empty())
            format = f.format;
    }
    const long rss = peak_rss_mb();
    const double t_ceiling = bare_insert(dir, records);
    std::printf(
        "ingest  %s  %s  %lld records  %.2f s (%.0f rec/s)  ceiling %.2f s (%.0f rows/s)  ratio %.2f  "
        "peak RSS %ld MiB\n",
        format.c_str(), file.c_str(), static_cast<long long>(records), t_ingest,
        static_cast<double>(records) / t_ingest, t_ceiling, static_cast<double>(records) / t_ceiling,
        t_ceiling / t_ingest, rss);
    std::system(("rm -rf '" + dir + "'").c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
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
    }
    return ingest_mode ? bench_ingest(file, opts) : bench_hash(file);
}
