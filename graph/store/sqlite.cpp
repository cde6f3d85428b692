// RAII wrappers over the SQLite C API (see sqlite.hpp).
#include "sqlite.hpp"

#include <functional>
#include <mutex>
#include <sqlite3.h>
#include <unordered_map>
#include <utility>
#include <vector>

namespace casegraph::store {
// Idle prepared statements of one connection, keyed by SQL text. A Statement made by Db::prepare goes
// back here (reset, bindings cleared) when it is destroyed; the connection finalises them on close.
class StatementCache {
  public:
    sqlite3_stmt* take(std::string_view sql) {
        const std::lock_guard lock(mu_);
        auto it = idle_.find(sql);
        if (it == idle_.end() || it->second.empty())
            return nullptr;
        sqlite3_stmt* st = it->second.back();
        it->second.pop_back();
        --count_;
        return st;
    }
    // False when the statement should be finalised instead (cache closed or full).
    bool give(sqlite3_stmt* st) {
        const char* sql = sqlite3_sql(st);
        const std::lock_guard lock(mu_);
        if (closed_ || count_ >= kMaxIdle || sql == nullptr)
            return false;
        const std::string_view key(sql);
        auto it = idle_.find(key);
        if (it == idle_.end())
            it = idle_.emplace(std::string(key), std::vector<sqlite3_stmt*>{}).first;
        it->second.push_back(st);
        ++count_;
        return true;
    }
    void close() {
        const std::lock_guard lock(mu_);
        for (auto& [sql, stmts] : idle_)
            for (sqlite3_stmt* st : stmts)
                sqlite3_finalize(st);
        idle_.clear();
        count_ = 0;
        closed_ = true;
    }

  private:
    static constexpr std::size_t kMaxIdle = 512;
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::mutex mu_;
    std::unordered_map<std::string, std::vector<sqlite3_stmt*>, Hash, std::equal_to<>> idle_;
    std::size_t count_ = 0;
    bool closed_ = false;
};

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &stmt_, nullptr);
    if (rc != SQLITE_OK)
        throw SqliteError(rc, std::string("cannot prepare SQL: ") + sqlite3_errmsg(db) +
                                  " in: " + std::string(sql));
}

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, std::shared_ptr<StatementCache> cache)
    : db_(db), stmt_(stmt), cache_(std::move(cache)) {}

Statement::~Statement() {
    dispose();
}

void Statement::dispose() noexcept {
    if (stmt_ == nullptr)
        return;
    if (cache_) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        if (cache_->give(stmt_)) {
            stmt_ = nullptr;
            cache_.reset();
            return;
        }
        cache_.reset();
    }
    sqlite3_finalize(std::exchange(stmt_, nullptr));
}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)),
      cache_(std::move(other.cache_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        dispose();
        db_ = std::exchange(other.db_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
        cache_ = std::move(other.cache_);
    }
    return *this;
}

void Statement::fail(int rc, std::string_view what) const {
    throw SqliteError(rc, std::string(what) + ": " + sqlite3_errmsg(db_) + " in: " + sql());
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (const int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK)
        fail(rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (const int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK)
        fail(rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: the caller's buffer may not outlive the step.
    if (const int rc =
            sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        rc != SQLITE_OK)
        fail(rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, Null) {
    if (const int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK)
        fail(rc, "bind");
    return *this;
}

Statement& Statement::bind_blob(int index, std::span<const unsigned char> value) {
    if (const int rc = sqlite3_bind_blob64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT);
        rc != SQLITE_OK)
        fail(rc, "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    sqlite3_reset(stmt_);
    fail(rc, "step");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int64(int col) const {
    return sqlite3_column_int64(stmt_, col);
}
double Statement::column_double(int col) const {
    return sqlite3_column_double(stmt_, col);
}

std::string Statement::column_text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    if (p == nullptr)
        return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::vector<unsigned char> Statement::column_blob(int col) const {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, col));
    const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col));
    if (p == nullptr)
        return {};
    return {p, p + n};
}

bool Statement::column_is_null(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::optional<std::int64_t> Statement::column_opt_int64(int col) const {
    if (column_is_null(col))
        return std::nullopt;
    return column_int64(col);
}

std::optional<std::string> Statement::column_opt_text(int col) const {
    if (column_is_null(col))
        return std::nullopt;
    return column_text(col);
}

int Statement::column_count() const {
    return sqlite3_column_count(stmt_);
}
std::string Statement::column_name(int col) const {
    return sqlite3_column_name(stmt_, col);
}

std::string Statement::sql() const {
    const char* s = stmt_ != nullptr ? sqlite3_sql(stmt_) : nullptr;
    return s != nullptr ? s : "";
}

Db::Db(const std::string& path, OpenMode mode) : path_(path) {
    int flags = SQLITE_OPEN_EXRESCODE;
    switch (mode) {
    case OpenMode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case OpenMode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case OpenMode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    }
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw SqliteError(rc, path + ": cannot open: " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    cache_ = std::make_shared<StatementCache>();
}

Db::~Db() {
    if (cache_)
        cache_->close();
    sqlite3_close_v2(db_);
}

Db::Db(Db&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), cache_(std::move(other.cache_)) {
}

Db& Db::operator=(Db&& other) noexcept {
    if (this != &other) {
        if (cache_)
            cache_->close();
        sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
        cache_ = std::move(other.cache_);
    }
    return *this;
}

Statement Db::prepare(std::string_view sql) const {
    if (cache_)
        if (sqlite3_stmt* st = cache_->take(sql))
            return {db_, st, cache_};
    sqlite3_stmt* st = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &st, &tail);
    if (rc != SQLITE_OK)
        throw SqliteError(rc, std::string("cannot prepare SQL: ") + sqlite3_errmsg(db_) +
                                  " in: " + std::string(sql));
    // Only a statement that is the whole text can be found again by that text.
    const bool whole = st != nullptr && tail == sql.data() + sql.size();
    return {db_, st, whole ? cache_ : nullptr};
}

void Db::exec(std::string_view sql) const {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw SqliteError(rc, path_ + ": " + msg);
    }
}

std::int64_t Db::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}
int Db::changes() const {
    return sqlite3_changes(db_);
}

std::int64_t Db::total_changes() const {
    return sqlite3_total_changes64(db_);
}

std::int64_t Db::scalar_int(std::string_view sql) const {
    auto st = prepare(sql);
    return st.step() ? st.column_int64(0) : 0;
}

std::optional<std::string> Db::scalar_text(std::string_view sql) const {
    auto st = prepare(sql);
    if (!st.step())
        return std::nullopt;
    return st.column_opt_text(0);
}

Transaction::Transaction(const Db& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (...) { // NOLINT(bugprone-empty-catch): a failed rollback leaves SQLite to roll back on close
        }
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

// Savepoints are opened once per record: their statements come from the connection's cache rather
// than being parsed again by sqlite3_exec each time.
Savepoint::Savepoint(const Db& db, std::string name) : db_(db), name_(std::move(name)) {
    db_.prepare("SAVEPOINT " + name_).run();
}

Savepoint::~Savepoint() {
    if (!done_) {
        try {
            db_.prepare("ROLLBACK TO " + name_).run();
            db_.prepare("RELEASE " + name_).run();
        } catch (...) { // NOLINT(bugprone-empty-catch): the outer transaction still rolls back
        }
    }
}

void Savepoint::release() {
    db_.prepare("RELEASE " + name_).run();
    done_ = true;
}

} // namespace casegraph::store
