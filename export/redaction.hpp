// Victim and witness protection (DOMAIN.md §7.4): stable pseudonyms per case and a masker that finds a
// protected person's numbers, IBANs, emails, handles and names in any written form inside free text.
#pragma once

#include "store/sqlite.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::exporter {

struct Pseudonym {
    std::int64_t entity_id = 0;
    std::string role; // victim | witness
    std::string name; // V1, W2, ...
    std::string via;  // empty for the tagged entity; else how protected_identities reached it
};

// Gives every entity currently tagged victim or witness a pseudonym if it has none (next free V<n>/W<n>,
// in entity-id order, audited as pseudonym.assign) and returns the pseudonyms of the entities tagged now.
// An entity tagged both is treated as a victim.
std::vector<Pseudonym> ensure_pseudonyms(const store::Db& db, const std::string& actor);

// Every entity that IS a protected person (docs/BUNDLES.md "Redaction"), under that person's pseudonym:
// the tagged entities as given, then, reached from any entity already in the list until nothing new turns
// up, (1) the holder names a bank record gives for a protected account (the name on the account's own side
// of a payment; the statement holder of a camt statement of that account), never the other side of the
// payment; (2) the other side of every merge not undone; (3) the person of an address-book card that lists
// a protected number, e-mail or handle; (4) another entity holding the same mergeable number, e-mail, IBAN
// or account number. Deterministic: the same case state gives the same list in the same order.
[[nodiscard]] std::vector<Pseudonym> protected_identities(const store::Db& db,
                                                          const std::vector<Pseudonym>& tagged);

// The key, one row per protected identity (protected_identities; the role column says how an identity
// that is not tagged itself was reached): pseudonym, entity, kind, label and every identifier value and
// raw form, as CSV text.
[[nodiscard]] std::string pseudonym_key_csv(const store::Db& db, const std::vector<Pseudonym>& pseudonyms);

// Masks every appearance of a protected person inside text with "[V1]". Built once per export from the
// case over protected_identities(pseudonyms): each entity's label and name identifiers (whole, and for
// names of 2-4 capitalised words each word of 3+ letters, so a surname alone is masked too), its
// identifiers' normalised values and every raw form they were seen in; longest first.
class Redactor {
  public:
    Redactor() = default; // masks nothing (--no-redact)
    Redactor(const store::Db& db, const std::vector<Pseudonym>& pseudonyms);

    [[nodiscard]] bool enabled() const { return enabled_; }
    // The pseudonym of a protected entity (tagged, or reached by protected_identities), or empty.
    [[nodiscard]] std::string pseudonym_of(std::int64_t entity_id) const;
    [[nodiscard]] std::string mask(std::string_view text) const;

    // Terms are public so tests can state what is looked for.
    struct Phone {
        std::string country_code, national; // digits: "44", "7700900123"
        std::string who;
    };
    struct Compact {
        std::u32string folded; // letters and digits only, folded; matched skipping spaces, dots, dashes
        std::string who;
    };
    struct Literal {
        std::u32string folded;
        bool whole_word = false;
        std::string who;
    };
    void add_phone(const std::string& e164, const std::string& who);
    void add_text(const std::string& text, const std::string& who, bool whole_word);
    void add_compact(const std::string& text, const std::string& who);

  private:
    bool enabled_ = false;
    std::map<std::int64_t, std::string> pseudonyms_;
    std::vector<Phone> phones_;
    std::vector<std::string> raw_digits_who_; // parallel to raw_digits_
    std::vector<std::string> raw_digits_;
    std::vector<Compact> compact_;
    std::vector<Literal> literals_;
};

} // namespace casegraph::exporter
