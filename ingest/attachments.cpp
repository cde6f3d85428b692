#include "attachments.hpp"

#include "store/hash.hpp"

#include <system_error>
#include <vector>

namespace casegraph::ingest {
namespace {

// The path's components, without empty ones, "." and a leading "~".
std::vector<std::string> components(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = path.find_first_of("/\\", start);
        const auto part =
            path.substr(start, end == std::string_view::npos ? path.size() - start : end - start);
        if (!part.empty() && part != "." && !(out.empty() && part == "~"))
            out.emplace_back(part);
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return out;
}

// How many trailing components of `a` and `b` agree.
std::size_t common_suffix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[a.size() - 1 - n] == b[b.size() - 1 - n])
        ++n;
    return n;
}

AttachmentLookup in_archive(const Input& input, const std::vector<std::string>& want) {
    AttachmentLookup out;
    std::size_t best = 0;
    const ArchiveSibling* pick = nullptr;
    bool tie = false;
    for (const auto& s : *input.siblings) {
        if (s.path == input.member)
            continue;
        const auto n = common_suffix(components(s.path), want);
        if (n == 0 || n < best)
            continue;
        if (n == best && pick != nullptr && pick->sha256 != s.sha256) {
            tie = true;
            continue;
        }
        if (n > best)
            tie = false;
        best = n;
        pick = &s;
    }
    if (tie) {
        out.problem = "several archive members match the attachment's path equally well";
        return out;
    }
    if (pick != nullptr)
        out.found = FoundAttachment{pick->path, pick->locator, pick->sha256, pick->size};
    return out;
}

AttachmentLookup on_disk(const Input& input, const std::vector<std::string>& want, int levels) {
    AttachmentLookup out;
    const auto dir = input.path.parent_path();
    // Longest suffix first, nearest folder first: …/SMS/sms.db with …/SMS/Attachments/ab/11/G/IMG.jpeg.
    for (std::size_t take = want.size(); take >= 1; --take) {
        auto base = dir;
        for (int up = 0; up <= levels && !base.empty(); ++up) {
            auto candidate = base;
            for (std::size_t i = want.size() - take; i < want.size(); ++i)
                candidate /= want[i];
            std::error_code ec;
            if (std::filesystem::is_regular_file(candidate, ec)) {
                const auto h = store::hash_file(candidate);
                out.found =
                    FoundAttachment{candidate.lexically_relative(dir).generic_string(), "", h.sha256, h.size};
                return out;
            }
            if (base == base.parent_path())
                break;
            base = base.parent_path();
        }
    }
    return out;
}

} // namespace

AttachmentLookup find_attachment(const Input& input, std::string_view device_path, int levels) {
    const auto want = components(device_path);
    if (want.empty())
        return {};
    if (input.siblings)
        return in_archive(input, want);
    if (!input.locator_prefix.empty())
        return {}; // inside an archive without a member list: nothing to look beside
    return on_disk(input, want, levels);
}

store::EventRecord media_event(const store::EventRecord& message, const FoundAttachment& file,
                               const std::string& message_locator, int seq) {
    store::EventRecord me;
    me.kind = "media";
    me.app = message.app;
    me.thread = message.thread;
    me.time = message.time;
    me.direction = message.direction;
    me.parties = message.parties;
    me.deleted = message.deleted;
    me.seq = seq;
    me.attrs = {{"file", file.path},
                {"sha256", file.sha256},
                {"size", file.size},
                {"message_locator", message_locator}};
    return me;
}

void write_media_events(store::ImportWriter& w, const store::EventRecord& message,
                        const std::vector<FoundAttachment>& found, const std::string& message_locator,
                        std::int64_t message_source, std::set<std::string>& members) {
    int seq = 0;
    for (const auto& f : found) {
        ++seq;
        if (f.locator.empty())
            (void)w.event(media_event(message, f, message_locator, seq), message_source);
        else if (members.insert(f.locator).second)
            (void)w.event(media_event(message, f, message_locator, 0), w.source(f.locator));
    }
}

void describe_attachment(nlohmann::json& attachment, const AttachmentLookup& lookup) {
    attachment["file_in_extraction"] = lookup.found.has_value();
    if (lookup.found) {
        attachment["sha256"] = lookup.found->sha256;
        attachment["file_size"] = lookup.found->size;
        if (!lookup.found->locator.empty())
            attachment["locator"] = lookup.found->locator;
        else
            attachment["found_at"] = lookup.found->path; // relative to the database's folder
    } else {
        attachment["note"] =
            lookup.problem.empty()
                ? "the attachment's file is not in this extraction; only its metadata is known"
                : lookup.problem + "; none was linked";
    }
}

} // namespace casegraph::ingest
