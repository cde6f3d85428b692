// Open/create case dialog model (see open_model.hpp).
#include "open_model.hpp"

#include "store/sqlite.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <cctype>

namespace casegraph::ui {

void FileBrowser::list(const std::filesystem::path& d) {
    std::error_code ec;
    const auto abs = std::filesystem::absolute(d, ec).lexically_normal();
    std::vector<FileEntry> dirs, files;
    std::filesystem::directory_iterator it(abs, ec);
    if (ec) {
        error = abs.string() + ": " + ec.message();
        return;
    }
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        const auto name = it->path().filename().string();
        if (name.empty() || name[0] == '.')
            continue;
        std::error_code e2;
        if (it->is_directory(e2))
            dirs.push_back({name, true, 0});
        else if (it->path().extension() == ".case")
            files.push_back({name, false, it->file_size(e2)});
    }
    auto by_name = [](const FileEntry& a, const FileEntry& b) { return a.name < b.name; };
    std::sort(dirs.begin(), dirs.end(), by_name);
    std::sort(files.begin(), files.end(), by_name);
    entries.clear();
    if (abs.has_parent_path() && abs != abs.root_path())
        entries.push_back({"..", true, 0});
    entries.insert(entries.end(), dirs.begin(), dirs.end());
    entries.insert(entries.end(), files.begin(), files.end());
    dir = abs;
    error.clear();
}

void FileBrowser::choose(const FileEntry& e) {
    if (e.dir)
        list(e.name == ".." ? dir.parent_path() : dir / e.name);
    else
        path = (dir / e.name).string();
}

std::string open_case_message(const std::filesystem::path& path, const std::exception& e) {
    const auto p = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return p + " is a folder, not a case file: open the .case file inside it.";
    if (const auto* sql = dynamic_cast<const store::SqliteError*>(&e)) {
        switch (sql->code() & 0xff) { // primary SQLite result codes
        case 5:                       // SQLITE_BUSY
        case 6:                       // SQLITE_LOCKED
            return p + ": the case is locked by another program (another casegraph window, an import, "
                       "sqlite3 or a backup tool). Close it there and open the case again.";
        case 3:  // SQLITE_PERM
        case 8:  // SQLITE_READONLY
        case 14: // SQLITE_CANTOPEN
            return p +
                   ": the case cannot be opened for writing (file or folder permissions, or read-only "
                   "media). Copy it somewhere writable. (" +
                   e.what() + ")";
        case 11: // SQLITE_CORRUPT
            return p + ": the case file is damaged (SQLite reports corruption). Use a copy from backup. (" +
                   e.what() + ")";
        default:
            break;
        }
    }
    const std::string what = e.what();
    return what.find(p) != std::string::npos ? what : p + ": " + what;
}

std::string new_case_problem(const std::string& path, const std::string& region, const std::string& tz) {
    if (path.empty())
        return "Type a path for the new case (e.g. /cases/op-river.case).";
    const std::filesystem::path p(path);
    std::error_code ec;
    if (std::filesystem::exists(p, ec))
        return p.string() + " already exists: open it instead, or choose another name.";
    if (p.has_parent_path() && !std::filesystem::is_directory(p.parent_path(), ec))
        return "No such folder: " + p.parent_path().string();
    if (!region.empty() && (region.size() != 2 || !std::isupper(static_cast<unsigned char>(region[0])) ||
                            !std::isupper(static_cast<unsigned char>(region[1]))))
        return "Region is a two-letter country code in capitals (GB, DE, RO), or empty.";
    if (!tz.empty() && !store::is_known_zone(tz))
        return "Time zone '" + tz + "' is not in the tz database (e.g. Europe/London), or leave it empty.";
    return "";
}

} // namespace casegraph::ui
