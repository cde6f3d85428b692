// Cancelling a long export from another thread (the workstation's Cancel button) within a stage: the
// export polls a check between rows, files and chunks and stops with ExportCancelled. No UI types here.
#pragma once

#include <functional>
#include <stdexcept>

namespace casegraph::exporter {

// True when the export should stop. Called often (per fact row, per file, per hashed chunk): keep it
// cheap, e.g. an atomic load. Not part of the bundle: exports with and without it are identical.
using CancelCheck = std::function<bool()>;

// Thrown out of an export stage that saw its CancelCheck return true. The stage leaves nothing behind
// (write_zip removes its temporary file); the caller removes anything it wrote before.
class ExportCancelled : public std::runtime_error {
  public:
    ExportCancelled() : std::runtime_error("export cancelled") {}
};

inline void throw_if_cancelled(const CancelCheck& cancelled) {
    if (cancelled && cancelled())
        throw ExportCancelled();
}

} // namespace casegraph::exporter
