// Opening, creating and configuring the case file (see case_file.hpp).
#include "case_file.hpp"

#include "audit.hpp"
#include "schema.hpp"
#include "time.hpp"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pwd.h>
#include <random>
#include <unistd.h>

namespace casegraph::store {
namespace {

void configure(const Db& db) {
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA journal_mode = WAL");
    // FULL: a committed import survives a power cut, not only a crash of this process.
    db.exec("PRAGMA synchronous = FULL");
    // MEMORY (issue 10): the savepoint sub-journal and temp tables stay in memory. Only record savepoints
    // are ever open during an import, each the outermost, so the sub-journal holds one record's page copies
    // and is dropped whole at its RELEASE. (With a file-wide savepoint around them the in-memory journal
    // held every page the file touched and SQLite walked it from its head at each RELEASE: quadratic; and
    // FILE instead made every record pay pwrite + ftruncate system calls. A larger spill via
    // SQLITE_CONFIG_STMTJRNL_SPILL made SQLite 3.40 fail with SQLITE_FULL when the journal crossed it.)
    db.exec("PRAGMA temp_store = MEMORY");
    db.exec("PRAGMA cache_size = -65536");
}

std::string random_uuid() {
    std::random_device rd;
    std::uniform_int_distribution<int> d(0, 15);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            s.push_back('-');
        int v = d(rd);
        if (i == 12)
            v = 4;
        if (i == 16)
            v = 8 | (v & 3);
        s.push_back(kHex[v]);
    }
    return s;
}

} // namespace

std::string current_actor() {
    if (const char* a = std::getenv("CASEGRAPH_ANALYST"); a != nullptr && *a != '\0')
        return a;
    if (const char* u = std::getenv("USER"); u != nullptr && *u != '\0')
        return u;
    if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr)
        return pw->pw_name;
    return "unknown";
}

CaseFile CaseFile::create(const std::filesystem::path& path, const CaseSettings& settings,
                          const std::string& actor) {
    if (std::filesystem::exists(path))
        throw SqliteError(0, path.string() + ": already exists; open it instead of creating it");
    // Built under a temporary name and renamed when complete, so an interrupted `new` never leaves a
    // half-made case at the real path.
    const std::filesystem::path tmp = path.string() + ".creating";
    std::error_code ec;
    for (const char* sfx : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(tmp.string() + sfx, ec);
    CaseSettings s = settings;
    {
        Db db(tmp.string(), OpenMode::ReadWriteCreate);
        configure(db);
        migrate(db);
        CaseFile cf(std::move(db), tmp);
        if (s.case_id.empty())
            s.case_id = random_uuid();
        s.created_at = now_utc_iso();
        if (s.analyst.empty())
            s.analyst = actor;
        Transaction tx(cf.db());
        cf.set_setting("case_id", s.case_id);
        cf.set_setting("region", s.region);
        cf.set_setting("tz", s.tz);
        cf.set_setting("analyst", s.analyst);
        cf.set_setting("created_at", s.created_at);
        nlohmann::json params{{"case_id", s.case_id},
                              {"region", s.region},
                              {"tz", s.tz},
                              {"analyst", s.analyst},
                              {"schema_version", latest_schema_version()}};
        audit_append(cf.db(), actor, "case.create", params.dump());
        tx.commit();
        cf.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } // closing the last connection removes the -wal and -shm
    std::filesystem::rename(tmp, path);
    return open(path);
}

namespace {
// Refuses a missing or non-SQLite file before SQLite is allowed to touch it.
void require_sqlite_file(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path))
        throw SqliteError(0, path.string() + ": no such case file (create it with `casegraph new`)");
    std::ifstream in(path, std::ios::binary);
    char magic[16] = {};
    in.read(magic, sizeof magic);
    if (std::string_view(magic, 15) != "SQLite format 3")
        throw SqliteError(0, path.string() + ": is not a casegraph case (not a SQLite file)");
}
} // namespace

CaseFile CaseFile::open(const std::filesystem::path& path) {
    require_sqlite_file(path);
    Db db(path.string(), OpenMode::ReadWrite);
    migrate(db); // refuses foreign databases before we change anything
    configure(db);
    return {std::move(db), path};
}

CaseFile CaseFile::open_read_only(const std::filesystem::path& path) {
    require_sqlite_file(path);
    Db db(path.string(), OpenMode::ReadOnly);
    const auto app_id = db.scalar_int("PRAGMA application_id");
    if (app_id != kApplicationId)
        throw SqliteError(0, path.string() + ": is not a casegraph case");
    if (schema_version(db) > latest_schema_version())
        throw SqliteError(0, path.string() + ": case schema is newer than this casegraph understands");
    return {std::move(db), path};
}

CaseSettings CaseFile::settings() const {
    CaseSettings s;
    auto st = db_.prepare("SELECT key, value FROM case_info");
    while (st.step()) {
        const auto k = st.column_text(0);
        auto v = st.column_text(1);
        if (k == "case_id")
            s.case_id = v;
        else if (k == "region")
            s.region = v;
        else if (k == "tz")
            s.tz = v;
        else if (k == "analyst")
            s.analyst = v;
        else if (k == "created_at")
            s.created_at = v;
    }
    return s;
}

void CaseFile::set_setting(const std::string& key, const std::string& value) const {
    db_.prepare("INSERT INTO case_info(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
        .bind(1, key)
        .bind(2, value)
        .run();
}

} // namespace casegraph::store
