// The open/create case dialog's view model: a path field, a simple listing of one folder (sub-folders
// and .case files), recent cases, and the checks a new case's region and time zone must pass.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace casegraph::ui {

struct FileEntry {
    std::string name;
    bool dir = false;
    std::uintmax_t size = 0;
};

class FileBrowser {
  public:
    // Lists a folder: ".." first (unless at the root), then sub-folders, then *.case files, each by
    // name. Hidden entries are left out. Sets error (and keeps the old list) when it cannot be read.
    void list(const std::filesystem::path& dir);
    // A folder is entered; a file becomes the path field.
    void choose(const FileEntry& e);
    std::filesystem::path dir;
    std::string path; // the path field: what Open / Create act on
    std::vector<FileEntry> entries;
    std::string error;
    // New-case settings (validated by new_case_problem).
    std::string region, tz;
};

// Why "Create" cannot make a case at this path with these settings, or "" when it can.
// Why a case could not be opened, in an investigator's words and naming the file: a folder, a case
// another program holds locked, a damaged or unwritable file; anything else as the store said it.
[[nodiscard]] std::string open_case_message(const std::filesystem::path& path, const std::exception& e);
[[nodiscard]] std::string new_case_problem(const std::string& path, const std::string& region,
                                           const std::string& tz);

} // namespace casegraph::ui
