// Identifier normalisation shared by every importer and by the CLI's entity look-up: phones to E.164
// with libphonenumber (CONTRACTS.md "Phone numbers"), emails, IBANs (mod 97), BICs, WhatsApp JIDs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace casegraph::store {

enum class IdStatus {
    valid,    // checked: an assigned phone number, an IBAN whose check digits agree, ...
    possible, // well-formed but not known to be assigned (fictional 07700 900xxx numbers)
    invalid,  // well-formed shape but fails its check (IBAN mod 97) — kept, never merged
    raw       // not parseable: kept as seen, scoped to where it was seen, never merged
};

[[nodiscard]] std::string_view to_string(IdStatus s);

struct NormalizedId {
    std::string type;  // CONTRACTS.md identifier type: phone, email, iban, bic, handle, ...
    std::string value; // normalised value (E.164, lower-case email, electronic IBAN) or the raw text
    IdStatus status = IdStatus::raw;
    std::string rule;        // e.g. "phone/libphonenumber-8.12 region=GB"
    std::string entity_kind; // the entity kind this identifier belongs to (phone, email, account, ...)
    // True when the value is globally meaningful and may resolve to an entity seen elsewhere; false
    // for raw/invalid values, which are scoped to the evidence they came from.
    [[nodiscard]] bool mergeable() const { return status == IdStatus::valid || status == IdStatus::possible; }
};

// raw: as seen ("07700 900111", "+44 (0)7700-900111", "0044 7700 900111"); region: ISO 3166 alpha-2
// default region ("GB"), may be empty. Short codes, alphanumeric sender ids, numbers dialled without
// their area code and anything longer than E.164's 15 digits stay raw.
[[nodiscard]] NormalizedId normalize_phone(std::string_view raw, std::string_view region);
[[nodiscard]] NormalizedId normalize_email(std::string_view raw);
[[nodiscard]] NormalizedId normalize_iban(std::string_view raw);
[[nodiscard]] NormalizedId normalize_bic(std::string_view raw);
// Dispatch on a CONTRACTS.md identifier type. Types without a rule (handle, name, url, ...) are trimmed
// and kept as given with status valid.
[[nodiscard]] NormalizedId normalize_identifier(std::string_view type, std::string_view raw,
                                                std::string_view region);

// True when the IBAN's mod-97 check holds (spaces ignored, any case).
[[nodiscard]] bool iban_checksum_ok(std::string_view iban);
// "GB82 WEST 1234 5698 7654 32" for display.
[[nodiscard]] std::string format_iban(std::string_view electronic);

// "447700900123@s.whatsapp.net" -> "+447700900123". nullopt for groups, broadcast and @lid ids,
// which are not phone numbers.
[[nodiscard]] std::optional<std::string> phone_from_whatsapp_jid(std::string_view jid);

// True for an ISO 3166 alpha-2 region libphonenumber knows ("GB", "de").
[[nodiscard]] bool is_phone_region(std::string_view region);

// Guess what a user typed on the command line (`+44 7700 900111`, an IBAN, an email, `telegram:x`;
// `mailto:`, `tel:` and `IBAN:` prefixes name the type).
[[nodiscard]] NormalizedId normalize_user_input(std::string_view text, std::string_view region);

} // namespace casegraph::store
