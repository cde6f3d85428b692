// Finding a message's attachment among the files of the extraction it came from, hashing it and linking it
// to its message. Phones record an attachment by its path on the device (/data/user_de/0/com.android.
// providers.telephony/app_parts/PART_1700000000000, ~/Library/SMS/Attachments/ab/11/<GUID>/IMG_0001.jpeg);
// the extraction holds the file under some prefix of its own. The file matching the most trailing path
// components wins; a tie between different files links nothing (a wrong attachment is worse than none).
#pragma once

#include "importer.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest {

struct FoundAttachment {
    std::string path;    // archive member path, or the path relative to the database's folder
    std::string locator; // archive member locator ("zip:…/PART_1"); empty for a plain extraction folder
    std::string sha256;
    std::uint64_t size = 0;
};

struct AttachmentLookup {
    std::optional<FoundAttachment> found;
    std::string problem; // why nothing was linked when several files matched equally well ("" otherwise)
};

// Looks for `device_path` beside `input`: among its archive siblings, or (for a plain evidence file) in the
// folders that hold it, up to `levels` folders up. Files found on disk are hashed read-only.
[[nodiscard]] AttachmentLookup find_attachment(const Input& input, std::string_view device_path,
                                               int levels = 4);

// The attachment as its own `media` event: same time, thread, direction and parties as its message,
// sourced at the archive member when there is one (else at the message's own source).
[[nodiscard]] store::EventRecord media_event(const store::EventRecord& message, const FoundAttachment& file,
                                             const std::string& message_locator, int seq);

// The media events of one message's linked files: sourced at the message's own source (seq 1, 2 …) for files
// found on disk, at the archive member (seq 0, once per member: `members` remembers them) inside an archive.
void write_media_events(store::ImportWriter& w, const store::EventRecord& message,
                        const std::vector<FoundAttachment>& found, const std::string& message_locator,
                        std::int64_t message_source, std::set<std::string>& members);

// Records the lookup on the attachment's JSON (sha256, size, locator or the reason nothing was linked).
void describe_attachment(nlohmann::json& attachment, const AttachmentLookup& lookup);

} // namespace casegraph::ingest
