// Shared by the chat exports whose senders are display names (meta-json, telegram-html): the names as
// handle entities scoped to one export, the exporting user, whom a message is addressed to; and the media
// event for an attachment found among the archive's members. Internal to cg_ingest.
#pragma once

#include "importer.hpp"

#include <cstdint>
#include <set>
#include <string>

namespace casegraph::ingest {

class NamedChat {
  public:
    // `scope`: "<format>:<evidence sha256>"; `format`: the prefix --owner may carry ("meta-json").
    NamedChat(ImportContext& ctx, std::string scope, std::string format)
        : ctx_(ctx), scope_(std::move(scope)), format_(std::move(format)) {}

    // Settles who the owner is and what kind of chat this is, from every name that takes part.
    // `inferred_owner`: a name the export itself shows to be the exporting user ("" when none);
    // `grouped`: the export says it is a group.
    void settle(const std::set<std::string>& names, const std::string& inferred_owner, bool grouped,
                std::int64_t src);

    [[nodiscard]] bool is_owner_name(const std::string& name) const;
    // The entity behind a display name: the owner, a phone number when the name is one, else a handle.
    std::int64_t party(const std::string& name, std::int64_t src);
    // Whom a message from `from` (named `sender`) is addressed to: the other person of a one-to-one chat,
    // or the exporting user; 0 when nobody can be named.
    std::int64_t recipient(std::int64_t from, const std::string& sender, std::int64_t src);
    [[nodiscard]] std::string direction(std::int64_t from) const;
    [[nodiscard]] std::int64_t owner() const { return owner_; }
    [[nodiscard]] bool group() const { return group_; }
    [[nodiscard]] const std::string& inferred_owner() const { return inferred_owner_; }

  private:
    ImportContext& ctx_;
    std::string scope_, format_, inferred_owner_;
    std::set<std::string> people_; // names other than the owner
    std::int64_t owner_ = 0;
    bool group_ = false, direction_known_ = false;
};

// Writes the `media` event of an attachment found in the archive (sourced at the member, with the
// message's time, thread, direction and parties) and adds sha256/size/locator to its description `md`.
void write_linked_media(ImportContext& ctx, const ArchiveSibling& member, const store::EventRecord& message,
                        const std::string& inner, nlohmann::json& md);

// A message's attachment as the chat exporters see it: linked (write_linked_media) when its file `found` is
// in the archive, else — when `expected` (the export names a file) — marked missing on `md` and on the
// message. Counts either outcome in `linked` / `missing`.
void link_or_mark_missing(ImportContext& ctx, const ArchiveSibling* found, store::EventRecord& e,
                          const std::string& inner, nlohmann::json& md, std::int64_t& linked,
                          std::int64_t& missing, bool expected = true);

} // namespace casegraph::ingest
