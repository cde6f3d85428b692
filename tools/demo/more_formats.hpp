// Internal to cg_demo: the single-format writers added for the scaled cases (iOS, UFED, Meta, Telegram HTML,
// SMS Backup & Restore and the contact formats) and the small helpers they share with android.cpp.
#pragma once

#include "demo/demo.hpp"
#include "scenario.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::demo::detail {

// ---- shared with android.cpp ----
// A fresh database file with fixed pragmas (byte identity: nothing depends on the build's defaults).
[[nodiscard]] store::Db fresh_db(const std::filesystem::path& file, int user_version);
// "+44 7700 900311": how Android shows an international number.
[[nodiscard]] std::string international_spaced(const Contact& c);
// How the controller typed a number, per contact index ("07700 900311", "07700900311", "0044...", E.164).
[[nodiscard]] std::string typed_form(const Contact& c, std::size_t index);

// ---- text output ----
[[nodiscard]] std::ofstream open_text(const std::filesystem::path& file);
void finish_text(std::ofstream& out, const std::filesystem::path& file);
[[nodiscard]] std::string xml_escape(std::string_view s);  // &, <, >, " and newlines as &#10;
[[nodiscard]] std::string json_string(std::string_view s); // a quoted JSON string literal
[[nodiscard]] std::string uuid_upper(Rng& rng);            // 8-4-4-4-12 upper-case hex, from the stream
[[nodiscard]] std::string london_offset(std::int64_t utc); // "+00:00" (GMT) or "+01:00" (BST)
[[nodiscard]] std::string london_iso(std::int64_t utc_ms); // 2024-01-08T09:12:33.000+00:00

// ---- the controller's address book at any size ----
struct Card {
    Contact contact;
    std::size_t form = 0; // typed_form / sourceid index: the cast index for the cast's contacts
    bool filler = false;
};
// The saved contacts of the cast first (victims first), then filler cards with numbers from Ofcom's
// geographic drama ranges (only 12 000 of them exist, so very large books reuse them) and unique
// e-mail addresses under example.com. cards = 0: the cast's saved contacts only.
class AddressBook {
  public:
    AddressBook(const Cast& cast, std::int64_t cards);
    [[nodiscard]] std::int64_t size() const { return size_; }
    [[nodiscard]] Card card(std::int64_t k) const;

  private:
    const Cast& cast_;
    std::vector<std::size_t> saved_;
    std::int64_t size_ = 0;
};

// ---- the controller's groups (Messenger, Telegram): he is member 0 ----
[[nodiscard]] std::vector<const Contact*> group_members(const Cast& cast, bool all_recruiters);
// Who writes the i-th message of a group: the first picks go round every member (so each victim writes
// even in a small group), then the controller writes two in five, the others share the rest.
[[nodiscard]] std::size_t group_sender(std::int64_t i, std::size_t members, Rng& rng);

// ---- writers: `n` records of one format; each returns what it wrote (path, format, holder, owner) ----
// The number an examiner gives as --owner, or a display name scoped to the export ("meta-json:NAME").
using Files = std::vector<DemoFile>;
Files write_sms_backup_xml(const std::filesystem::path& root, const Cast& cast, const Plan& plan,
                           std::int64_t n, std::uint64_t seed);
Files write_ios_sms(const std::filesystem::path& root, const Cast& cast, const Plan& plan, std::int64_t n,
                    std::uint64_t seed);
Files write_ios_calls(const std::filesystem::path& root, const Cast& cast, const Plan& plan, std::int64_t n,
                      std::uint64_t seed);
Files write_ufdr_report(const std::filesystem::path& root, const Cast& cast, const Plan& plan, std::int64_t n,
                        std::uint64_t seed);
Files write_messenger_json(const std::filesystem::path& root, const Cast& cast, const Plan& plan,
                           std::int64_t n, std::uint64_t seed);
Files write_telegram_html(const std::filesystem::path& root, const Cast& cast, const Plan& plan,
                          std::int64_t n, std::uint64_t seed);
Files write_vcards(const std::filesystem::path& root, const Cast& cast, std::int64_t n);
Files write_ios_contacts(const std::filesystem::path& root, const Cast& cast, std::int64_t n);
Files write_wa_contacts(const std::filesystem::path& root, const Cast& cast, std::int64_t n);

// Dispatch for DemoOptions::only: the files written, or empty when `format` is not one of the above
// (android-contacts included: contacts2.db with n contacts).
Files write_more_format(const std::string& format, const std::filesystem::path& root, const Cast& cast,
                        const Plan& plan, std::int64_t n, std::uint64_t seed);

// Stream ids of the writers above (one per file, after single_format.cpp's 101..103).
enum class MoreStream : std::uint64_t {
    sms_backup = 201,
    ios_sms,
    ios_calls,
    ufdr,
    messenger,
    telegram_html
};

} // namespace casegraph::demo::detail
