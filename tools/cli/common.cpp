// Argument checks and terminal progress (see common.hpp).
#include "common.hpp"

#include "cli.hpp"
#include "store/identifiers.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace casegraph::cli {

void need_positionals(const Parsed& p, std::size_t n, const std::string& what) {
    if (p.positional.size() < n)
        throw UsageError("missing arguments: expected " + what);
}

std::string checked_region(const std::string& region) {
    std::string r = region;
    std::transform(r.begin(), r.end(), r.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!store::is_phone_region(r))
        throw UsageError("--region '" + region +
                         "' is not a two-letter country code known to libphonenumber (e.g. GB)");
    return r;
}

std::string checked_zone(const std::string& zone) {
    if (!store::is_known_zone(zone))
        throw UsageError("--tz '" + zone +
                         "' is not a time zone in this system's tz database (e.g. Europe/London)");
    return zone;
}

TerminalProgress::TerminalProgress(std::size_t /*total_paths*/) : enabled_(stderr_is_terminal()) {}

TerminalProgress::~TerminalProgress() {
    clear();
}

void TerminalProgress::clear() {
    if (enabled_ && drawn_) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        drawn_ = false;
    }
}

void TerminalProgress::draw(bool force) {
    if (!enabled_)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_draw_ < std::chrono::milliseconds(100))
        return;
    last_draw_ = now;
    std::string name = current_;
    if (name.size() > 48)
        name = "…" + name.substr(name.size() - 47);
    char line[256];
    if (phase_ == "hashing") {
        const double pct = bytes_total_
                               ? 100.0 * static_cast<double>(bytes_done_) / static_cast<double>(bytes_total_)
                               : 100.0;
        std::snprintf(line, sizeof line, "[%zu done] hashing %s  %.0f%%", files_done_, name.c_str(), pct);
    } else {
        const double secs = std::chrono::duration<double>(now - file_start_).count();
        const double rate = secs > 0 ? static_cast<double>(file_records_) / secs : 0;
        std::snprintf(line, sizeof line, "[%zu done] %s %s  %s records  %s/s", files_done_, phase_.c_str(),
                      name.c_str(), thousands(file_records_).c_str(),
                      thousands(static_cast<long long>(rate)).c_str());
    }
    std::fprintf(stderr, "\r\033[K%s", line);
    std::fflush(stderr);
    drawn_ = true;
}

void TerminalProgress::hashing(const std::string& name, std::uint64_t done, std::uint64_t total) {
    current_ = name;
    phase_ = "hashing";
    bytes_done_ = done;
    bytes_total_ = total;
    draw(false);
}

void TerminalProgress::file_started(const std::string& name, const std::string& format) {
    current_ = name;
    phase_ = format;
    file_records_ = 0;
    file_start_ = std::chrono::steady_clock::now();
    draw(true);
}

void TerminalProgress::records(std::int64_t more) {
    records_ += more;
    file_records_ += more;
    draw(false);
}

void TerminalProgress::file_done(const ingest::FileOutcome&) {
    ++files_done_;
    clear();
}

} // namespace casegraph::cli
