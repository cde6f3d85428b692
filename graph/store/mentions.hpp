// IBANs and phone numbers written inside message text ("pay into GB12 NWBK ...", "call 07700 900123").
// They connect the phone network to the money network: the link derivation step mines the bodies of
// messages and records each mention as an identifier sighting (the message's source, the raw text) and
// as a directed `mentions` link from the sender to the entity the identifier resolves to, with the
// message as its evidence. Only values that normalise to a mergeable identifier are kept (an IBAN whose
// check digits agree, a possible phone number under the evidence's region): a raw digit string in a
// chat is not worth an entity.
#pragma once

#include "sqlite.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::store {

struct TextMention {
    std::string type;  // iban | phone
    std::string raw;   // as written, spaces included
    std::string value; // normalised (electronic IBAN, E.164)
    std::size_t offset = 0;
};

// The mergeable IBANs and phone numbers in `text`, in order of appearance. `region` reads national
// phone numbers (07700 900123); without one only international (+44 / 0044) numbers are found.
[[nodiscard]] std::vector<TextMention> find_text_mentions(std::string_view text, std::string_view region);

// For every message in temp.link_todo: resolves its mentions (creating the identifier and its entity
// when new, with the scope rules of ImportWriter::identifier), records the sightings and fills
// temp.link_mentions(ev, a, b) with sender → mentioned entity. Called by the link derivation step,
// which turns those rows into `mentions` links. Returns the number of mentions found.
std::size_t mine_mentions_for_todo(const Db& db);

} // namespace casegraph::store
