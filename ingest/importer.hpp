// The importer interface every format implements, and the context the ingest loop hands to it.
// An importer detects its format by content (never by file name) and turns one input into rows
// through store::ImportWriter; a bad record becomes a diagnostic, never a stop.
#pragma once

#include "store/writer.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest {

// What detection may look at: the first bytes and, for SQLite files, the table names.
struct Probe {
    std::span<const unsigned char> head; // up to the first 64 KiB
    std::uint64_t size = 0;
    std::vector<std::string> sqlite_tables; // empty unless the input is a SQLite database
    [[nodiscard]] std::string_view head_text() const {
        return {reinterpret_cast<const char*>(head.data()), head.size()};
    }
    [[nodiscard]] bool has_table(std::string_view name) const;
};

// A member of the archive an input came from, as extracted and hashed by the loop. Importers whose
// format spreads over several files (a WhatsApp export's media beside its _chat.txt) look their
// companions up here instead of reopening the archive.
struct ArchiveSibling {
    std::string path;                // as stored in the archive
    std::string locator;             // the member's own locator: "zip:Media/IMG-0001.jpg"
    std::filesystem::path extracted; // private copy, readable
    std::uint64_t size = 0;
    std::string sha256;
};

// One thing to import: an evidence file, or a member of an archive evidence file.
struct Input {
    std::filesystem::path path; // readable copy (archive members) or the evidence itself (read-only!)
    std::string display_name;   // for messages: "chat.zip!WhatsApp Chat.txt"
    std::string locator_prefix; // "" for a plain file, "zip:WhatsApp Chat.txt!" inside an archive
    std::optional<std::filesystem::path> wal; // SQLite -wal that belongs to this database, if any
    std::uint64_t size = 0;
    std::string member; // path inside the archive ("" for a plain file)
    // Every member of the same archive (this one included); null for a plain file. Shared, built once.
    std::shared_ptr<const std::vector<ArchiveSibling>> siblings;
};

struct IngestOptions {
    std::string region;      // --region, else the case default
    std::string region_from; // "evidence" (--region given) or "case"
    std::string tz;          // --tz, else the case default
    std::string tz_from;     // "evidence" (--tz given) or "case"
    std::string owner;       // --owner identifier as typed
    std::string date_order;  // --date-order dmy|mdy|ymd (empty = detect)
    std::string profile;     // --profile FILE (bank CSV mapping)
    std::string format;      // --format NAME (empty = detect)
};

class ImportContext {
  public:
    ImportContext(store::ImportWriter& writer, const IngestOptions& options, const Input& input,
                  std::function<void(std::int64_t)> progress)
        : writer_(writer), options_(options), input_(input), progress_(std::move(progress)) {}

    [[nodiscard]] store::ImportWriter& writer() const { return writer_; }
    [[nodiscard]] const IngestOptions& options() const { return options_; }
    [[nodiscard]] const Input& input() const { return input_; }
    // The full locator of a place inside the current input: prefix + inner ("sqlite:sms/rowid=5").
    [[nodiscard]] std::string locator(std::string_view inner) const {
        return input_.locator_prefix + std::string(inner);
    }
    [[nodiscard]] store::RegionHint default_region() const { return {options_.region, options_.region_from}; }

    // Runs one record's work inside a savepoint. An exception thrown by `work` undoes that record's rows
    // and is stored as an error at `locator`; the import goes on with the next record. Returns success.
    bool record(std::string_view inner_locator, const std::function<void()>& work);

    // Reports the records counted since the last progress tick (ticks come every 256 records): called
    // when the input is done, so a small file does not show 0 records.
    void flush_progress();

    void error(std::string_view inner_locator, std::string_view message);
    void warning(std::string_view inner_locator, std::string_view message);
    // Facts about the input worth keeping with the import run (schema version seen, assumptions made).
    void note(const std::string& key, const nlohmann::json& value) { notes_[key] = value; }
    [[nodiscard]] const nlohmann::json& notes() const { return notes_; }

    // The device owner's entity given by --owner (0 when none was given).
    [[nodiscard]] std::int64_t owner_entity(std::int64_t source_id);

  private:
    store::ImportWriter& writer_;
    const IngestOptions& options_;
    const Input& input_;
    std::function<void(std::int64_t)> progress_;
    nlohmann::json notes_ = nlohmann::json::object();
    std::int64_t records_since_tick_ = 0;
    int savepoint_depth_ = 0;
    // Records are undone through the writer's undo log; set for the rest of the input once a record
    // wrote rows the writer did not (those only a savepoint could take back).
    bool savepoints_ = false;
    // Diagnostics written inside open record savepoints: a failing record's rollback undoes their rows, so
    // they are written again after it (a warning found before the failure is still evidence of a problem).
    struct Diag {
        std::string inner;
        store::Severity severity;
        std::string message;
    };
    std::vector<Diag> record_diags_;
    void diagnose(std::string_view inner_locator, store::Severity severity, std::string_view message);
};

// Thrown by an importer when the input as a whole cannot be read (corrupt database, encrypted backup).
class InputError : public std::runtime_error {
  public:
    InputError(std::string status, const std::string& what)
        : std::runtime_error(what), status_(std::move(status)) {}
    [[nodiscard]] const std::string& status() const { return status_; } // failed | encrypted | unsupported

  private:
    std::string status_;
};

class Importer {
  public:
    virtual ~Importer() = default;
    [[nodiscard]] virtual std::string_view format() const = 0;  // CONTRACTS.md --format name
    [[nodiscard]] virtual std::string_view version() const = 0; // bumped when output changes
    [[nodiscard]] virtual std::string_view description() const = 0;
    // 0: not this format. Higher is more certain; the highest score wins.
    [[nodiscard]] virtual int detect(const Probe& probe) const = 0;
    virtual void import(const Input& input, ImportContext& ctx) const = 0;
};

// Every importer this build knows, in a fixed order.
[[nodiscard]] const std::vector<const Importer*>& importers();
[[nodiscard]] const Importer* find_importer(std::string_view format);
// The best importer for a probe, or nullptr.
[[nodiscard]] const Importer* detect_importer(const Probe& probe);

// Builds a probe for a file on disk (reads SQLite table names from a private copy, never in place).
[[nodiscard]] Probe make_probe(const std::filesystem::path& path, std::vector<unsigned char>& head_storage);

} // namespace casegraph::ingest
