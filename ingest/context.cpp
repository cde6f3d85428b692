// ImportContext: per-record savepoints, diagnostics and progress (see importer.hpp).
#include "importer.hpp"

#include <optional>
#include <stdexcept>

namespace casegraph::ingest {
namespace {
constexpr std::size_t kSearchBatch = 16384;
} // namespace

bool Probe::has_table(std::string_view name) const {
    for (const auto& t : sqlite_tables)
        if (t == name)
            return true;
    return false;
}

bool ImportContext::record(std::string_view inner_locator, const std::function<void()>& work) {
    ++savepoint_depth_;
    const std::size_t search_mark = writer_.search_mark();
    const std::size_t diag_mark = record_diags_.size();
    const store::ImportCounts counts_before = writer_.counts();
    // Without a savepoint the writer notes every row it writes (undo log); a failed record's rows are
    // deleted again, newest first. Writes that did not go through the writer cannot be undone that way:
    // the total change count of the connection tells whether there were any.
    writer_.log_undo(true);
    const std::size_t undo_mark = writer_.undo_mark();
    const std::int64_t total_before = writer_.db().total_changes();
    const std::int64_t own_before = writer_.own_changes();
    const bool with_savepoint = savepoints_;
    std::optional<std::string> failure;
    bool foreign = false;
    {
        std::optional<store::Savepoint> sp;
        if (with_savepoint)
            sp.emplace(writer_.db(), "rec" + std::to_string(savepoint_depth_));
        try {
            work();
            if (sp)
                sp->release();
        } catch (const std::exception& e) {
            failure = e.what();
        } catch (...) {
            failure = "unknown error";
        }
        foreign = writer_.db().total_changes() - total_before != writer_.own_changes() - own_before;
        // With a savepoint, its destructor undoes a failed record's rows here.
    }
    if (failure && with_savepoint)
        writer_.forget_undo_after(undo_mark); // rolled back already
    else if (failure && !foreign)
        writer_.undo_after(undo_mark);
    if (foreign && !with_savepoint) {
        savepoints_ = true;
        if (failure) {
            if (--savepoint_depth_ == 0)
                writer_.log_undo(false);
            throw std::runtime_error("record " + locator(inner_locator) + " failed (" + *failure +
                                     ") after writing rows its rollback cannot take back; the file's import "
                                     "is abandoned");
        }
    }
    --savepoint_depth_;
    if (savepoint_depth_ == 0) {
        writer_.log_undo(false);
        writer_.forget_undo_after(0); // committed with the file's transaction from here on
    }
    if (failure) {
        writer_.forget_caches(); // they may name rows that were just rolled back
        writer_.discard_search_after(search_mark);
        writer_.restore_counts(counts_before);
        // The record's own warnings were rolled back with its rows: write them again, then the failure.
        std::vector<Diag> undone(record_diags_.begin() + static_cast<std::ptrdiff_t>(diag_mark),
                                 record_diags_.end());
        record_diags_.resize(diag_mark);
        for (const auto& d : undone)
            diagnose(d.inner, d.severity, d.message);
        error(inner_locator, *failure);
    }
    if (savepoint_depth_ == 0)
        record_diags_.clear(); // committed with the file's transaction from here on
    // Full-text rows go in together between records (no record savepoint open), so FTS5 writes one
    // index segment per batch instead of one per record.
    if (savepoint_depth_ == 0 && writer_.search_pending() >= kSearchBatch)
        writer_.flush_search();
    writer_.count_record();
    if (progress_ && ++records_since_tick_ >= 256) {
        progress_(records_since_tick_);
        records_since_tick_ = 0;
    }
    return !failure;
}

void ImportContext::flush_progress() {
    if (progress_ && records_since_tick_ > 0)
        progress_(records_since_tick_);
    records_since_tick_ = 0;
}

void ImportContext::diagnose(std::string_view inner_locator, store::Severity severity,
                             std::string_view message) {
    writer_.diagnostic(locator(inner_locator), severity, message);
    if (savepoint_depth_ > 0)
        record_diags_.push_back({std::string(inner_locator), severity, std::string(message)});
}

void ImportContext::error(std::string_view inner_locator, std::string_view message) {
    diagnose(inner_locator, store::Severity::error, message);
}

void ImportContext::warning(std::string_view inner_locator, std::string_view message) {
    diagnose(inner_locator, store::Severity::warning, message);
}

std::int64_t ImportContext::owner_entity(std::int64_t source_id) {
    if (options_.owner.empty())
        return 0;
    const auto id = store::normalize_user_input(options_.owner, options_.region);
    auto r = writer_.identifier(id.type, options_.owner, source_id, {options_.region, "analyst"});
    return r.entity_id;
}

} // namespace casegraph::ingest
