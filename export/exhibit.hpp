// Court exhibits (DOMAIN.md §7.2) drawn with cairo and Pango: a link chart, a timeline and a money-flow
// chart, each with title, case, exhibit reference, analyst, date, legend, time window and numbered
// source notes that point to the bundle's fact tables and the evidence (file hash and locator). PDF, SVG
// or PNG by the output's extension.
#pragma once

#include "bundle.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace casegraph::exporter {

struct ExhibitOptions {
    std::string chart = "link"; // link, timeline or money
    std::string exhibit_ref;    // "AB/3"; empty prints "not assigned"
    BundleOptions base;         // selection, window, --at, redaction, actor, tool version
};

[[nodiscard]] bool exhibit_chart_supported(const std::string& chart);

struct ExhibitResult {
    std::size_t nodes = 0, links = 0, hidden = 0;  // link chart; money: accounts, flows, not drawn
    std::size_t lanes = 0, marks = 0, undated = 0; // timeline (undated also for money)
    std::size_t pages = 1;
    std::string summary; // one line for the CLI: what was drawn
};

// What the chart prints about itself; texts already masked when the export is redacted.
struct ChartMeta {
    std::string case_id, analyst, actor, tool_version, selection, from, to, ref;
    bool redacted = true;
    std::int64_t at = 0; // Unix seconds: the date printed as produced, and the PDF's creation date
};

// The link chart of already-redacted facts as the bytes of a "pdf", "svg" or "png" file.
// `cancelled` is polled per link and node drawn (ExportCancelled when it returns true).
[[nodiscard]] std::string draw_link_chart(const Facts& f, const ChartMeta& m, const std::string& format,
                                          ExhibitResult& result, const CancelCheck& cancelled = {});

// "pdf", "svg" or "png" from OUT's extension; throws SelectionError naming OUT for anything else.
[[nodiscard]] std::string exhibit_format(const std::filesystem::path& out);
// The chart as the bytes of a `format` file: nothing written, nothing audited (a worker thread can draw
// it over a read-only connection once ensure_pseudonyms has run). Throws SelectionError like render_exhibit,
// ExportCancelled when o.base.cancelled returns true (polled while collecting facts and drawing).
[[nodiscard]] std::string draw_exhibit(const store::CaseFile& cf, const std::string& format,
                                       const ExhibitOptions& o, ExhibitResult& result);
// The export.exhibit audit row render_exhibit writes.
void audit_exhibit(const store::Db& db, const std::filesystem::path& out, const ExhibitOptions& o);

// Draws the chart to OUT (.pdf, .svg or .png) and records export.exhibit in the audit log. Throws
// SelectionError for a bad selection, chart or extension.
ExhibitResult render_exhibit(const store::CaseFile& cf, const std::filesystem::path& out,
                             const ExhibitOptions& o);

} // namespace casegraph::exporter
