// The device / address-book owner party shared by the phone, backup and contact-card importers, and
// Apple-epoch times (iOS databases count from 2001-01-01Z, in seconds or nanoseconds).
#pragma once

#include "importer.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace casegraph::ingest {

// The owner given by --owner, else one `device` placeholder per evidence file keyed
// `device-owner:<sha256>`: the owner's own number is never guessed from the data.
[[nodiscard]] std::int64_t evidence_owner(ImportContext& ctx, std::int64_t source_id);

// Seconds between the Unix epoch and Apple's reference date 2001-01-01T00:00:00Z.
inline constexpr std::int64_t kAppleEpochOffsetS = 978307200;

// An Apple-epoch integer that may be seconds (iOS 10 and older, macOS chat.db) or nanoseconds
// (iOS 11+). Values above 1e11 cannot be seconds (that would be year 5170), so they are nanoseconds.
// `column` names the source column for the rule ("message.date").
[[nodiscard]] store::EventTime apple_time_auto(std::int64_t value, const std::string& column);
// An Apple-epoch REAL in seconds (Core Data stores: ZCALLRECORD.ZDATE). `raw` is the value as text.
[[nodiscard]] store::EventTime apple_time_seconds(double value, const std::string& raw,
                                                  const std::string& column);

// The row's own ISO country as a phone region hint (from = "row") when libphonenumber knows it, else
// the evidence/case default.
[[nodiscard]] store::RegionHint row_region(const ImportContext& ctx, const std::optional<std::string>& iso);

} // namespace casegraph::ingest
