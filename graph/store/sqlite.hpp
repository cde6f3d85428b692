// RAII wrappers over the SQLite C API: a connection, a prepared statement and a transaction.
// SQL is always prepared with bound parameters; errors become SqliteError with the statement's text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace casegraph::store {

class StatementCache;

class SqliteError : public std::runtime_error {
  public:
    SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    [[nodiscard]] int code() const { return code_; }

  private:
    int code_;
};

struct Null {};

class Statement {
  public:
    Statement(sqlite3* db, std::string_view sql);
    // Takes over an already prepared statement; when `cache` is set it goes back there (reset, bindings
    // cleared) instead of being finalised.
    Statement(sqlite3* db, sqlite3_stmt* stmt, std::shared_ptr<StatementCache> cache);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, Null);
    Statement& bind_blob(int index, std::span<const unsigned char> value);
    template <class T> Statement& bind(int index, const std::optional<T>& value) {
        if (value)
            return bind(index, *value);
        return bind(index, Null{});
    }

    // Steps once: true when a row is available, false when done.
    bool step();
    // Steps to completion (for INSERT/UPDATE/DELETE) and resets so the statement can be reused.
    void run();
    void reset();

    [[nodiscard]] std::int64_t column_int64(int col) const;
    [[nodiscard]] double column_double(int col) const;
    [[nodiscard]] std::string column_text(int col) const;
    [[nodiscard]] std::vector<unsigned char> column_blob(int col) const;
    [[nodiscard]] bool column_is_null(int col) const;
    [[nodiscard]] std::optional<std::int64_t> column_opt_int64(int col) const;
    [[nodiscard]] std::optional<std::string> column_opt_text(int col) const;
    [[nodiscard]] int column_count() const;
    [[nodiscard]] std::string column_name(int col) const;
    [[nodiscard]] std::string sql() const;

  private:
    [[noreturn]] void fail(int rc, std::string_view what) const;
    void dispose() noexcept;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    std::shared_ptr<StatementCache> cache_;
};

enum class OpenMode { ReadWriteCreate, ReadWrite, ReadOnly };

class Db {
  public:
    Db() = default;
    Db(const std::string& path, OpenMode mode);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    Db(Db&& other) noexcept;
    Db& operator=(Db&& other) noexcept;

    // Statements are kept per connection, keyed by their SQL text: preparing the same text again (an
    // importer's per-row lookup, a helper called per record) reuses a compiled statement.
    [[nodiscard]] Statement prepare(std::string_view sql) const;
    // Runs SQL with no parameters (schema, pragmas). Never for values: those are bound.
    void exec(std::string_view sql) const;
    [[nodiscard]] std::int64_t last_insert_rowid() const;
    [[nodiscard]] int changes() const;
    // Rows inserted, updated or deleted on this connection since it opened (rolled-back ones included):
    // unchanged across a piece of work means that work wrote nothing.
    [[nodiscard]] std::int64_t total_changes() const;
    [[nodiscard]] sqlite3* handle() const { return db_; }
    [[nodiscard]] const std::string& path() const { return path_; }
    // Convenience: first column of the first row as an integer (0 when there is no row).
    [[nodiscard]] std::int64_t scalar_int(std::string_view sql) const;
    [[nodiscard]] std::optional<std::string> scalar_text(std::string_view sql) const;

  private:
    sqlite3* db_ = nullptr;
    std::string path_;
    std::shared_ptr<StatementCache> cache_;
};

// BEGIN IMMEDIATE on construction; rolls back in the destructor unless commit() was called.
class Transaction {
  public:
    explicit Transaction(const Db& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    const Db& db_;
    bool done_ = false;
};

// A named savepoint; rolls back to itself in the destructor unless released. Used to undo one bad
// record inside a file's transaction without losing the records before it.
class Savepoint {
  public:
    Savepoint(const Db& db, std::string name);
    ~Savepoint();
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    void release();

  private:
    const Db& db_;
    std::string name_;
    bool done_ = false;
};

} // namespace casegraph::store
