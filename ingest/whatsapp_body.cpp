// What a WhatsApp export line says after its timestamp (see whatsapp_lines.hpp): the sender split, the kind
// of body (system notice, deletion, media placeholder, attachment), the owner's localised "You", phone
// numbers and shared locations in the text.
#include "whatsapp_lines.hpp"
#include "whatsapp_phrases.hpp"
#include "whatsapp_scan.hpp"

namespace casegraph::ingest::whatsapp {
namespace {

using namespace scan;
using namespace phrases;

// The kind of the first phrase in `text` (distinctive ones only when `only_distinctive`), and where.
std::pair<sv, std::size_t> find_phrase(sv text, bool only_distinctive) {
    sv kind;
    std::size_t best = sv::npos;
    for (const auto& p : kPhrases) {
        if (only_distinctive && !p.distinctive)
            continue;
        const std::size_t pos = text.find(p.text);
        if (pos != sv::npos && pos < best) {
            best = pos;
            kind = p.kind;
        }
    }
    return {kind, best};
}

std::string lower_ascii(sv s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_phone_char(sv s, std::size_t i, std::size_t* len) {
    const unsigned char c = at(s, i);
    if ((c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') {
        *len = 1;
        return true;
    }
    if (std::size_t n = space_len(s, i)) {
        *len = n;
        return true;
    }
    if (std::size_t m = mark_len(s, i)) {
        *len = m;
        return true;
    }
    return false;
}

} // namespace

Split split_sender(std::string_view rest) {
    Split out;
    const std::size_t colon = rest.find(": ");
    const auto at_phrase = find_phrase(rest, false).second;
    if (colon == sv::npos || (at_phrase != sv::npos && at_phrase < colon)) {
        out.text = rest;
        return out;
    }
    out.sender = rest.substr(0, colon);
    out.text = rest.substr(colon + 2);
    return out;
}

Classified classify(std::string_view text_in, bool has_sender) {
    Classified c;
    const sv text = trim_marks(text_in);
    const sv first_line = trim_marks(text.substr(0, text.find('\n')));
    for (sv d : kDeleted)
        if (first_line == d) {
            c.kind = BodyKind::deleted;
            return c;
        }
    for (sv m : kMediaOmitted)
        if (first_line == m) {
            c.kind = BodyKind::media_omitted;
            c.media_type = "media";
            return c;
        }
    if (const auto sp = first_line.rfind(' '); sp != sv::npos && first_line.size() < 40) {
        const std::string last = lower_ascii(first_line.substr(sp + 1));
        for (sv w : kOmittedWords)
            if (last == w) {
                const std::string first = lower_ascii(first_line.substr(0, first_line.find(' ')));
                c.kind = BodyKind::media_omitted;
                c.media_type = "media";
                for (const auto& mw : kMediaWords)
                    if (first == mw.word)
                        c.media_type = std::string(mw.type);
                return c;
            }
    }
    for (sv open : kAttachedOpen)
        if (auto p = first_line.find(open); p != sv::npos) {
            const auto close = first_line.find('>', p + open.size());
            if (close == sv::npos)
                continue;
            c.kind = BodyKind::attachment;
            c.attachment = std::string(first_line.substr(p + open.size(), close - p - open.size()));
            // A title before it ("Resume.pdf • 2 pages") or a caption after it is kept as the caption.
            const std::size_t abs = static_cast<std::size_t>(first_line.data() - text.data()) + p;
            std::string caption(trim_marks(text.substr(0, abs)));
            const sv after = trim_marks(text.substr(abs + (close - p) + 1));
            if (!caption.empty() && !after.empty())
                caption += ' ';
            caption += after;
            c.caption = std::move(caption);
            return c;
        }
    for (sv suffix : kFileAttached)
        if (ends_with(first_line, suffix)) {
            c.kind = BodyKind::attachment;
            c.attachment = std::string(trim_marks(first_line.substr(0, first_line.size() - suffix.size())));
            const auto nl = text.find('\n');
            c.caption = nl == sv::npos ? std::string() : std::string(trim_marks(text.substr(nl + 1)));
            return c;
        }
    const auto [kind, pos] = find_phrase(text, has_sender);
    if (!has_sender) {
        c.kind = BodyKind::system;
        c.system_kind = pos != sv::npos ? std::string(kind) : "other";
        return c;
    }
    // With a sender, a phrase alone is not enough ("our security code changed, new phone?" is a message):
    // the notice must be one line and look like one, i.e. iOS's leading U+200E, a notice opening, or
    // a "Tap to learn more." ending.
    if (pos == sv::npos || text.find('\n') != sv::npos)
        return c;
    sv lead = text_in;
    while (!lead.empty() && lead.front() == ' ')
        lead.remove_prefix(1);
    bool notice = starts_with(lead, "\xE2\x80\x8E");
    for (sv opener : kNoticeOpeners)
        notice = notice || starts_with(text, opener);
    for (sv ending : kNoticeEndings)
        notice = notice || ends_with(text, ending);
    if (notice) {
        c.kind = BodyKind::system;
        c.system_kind = std::string(kind);
    }
    return c;
}

bool is_owner_word(std::string_view name_in) {
    const std::string name = clean_name(name_in);
    for (sv w : {sv("You"), sv("you"), sv("Du"), sv("Tú"), sv("Tu"), sv("Vous"), sv("Você"), sv("Jij"),
                 sv("Usted"), sv("Sie")})
        if (name == w)
            return true;
    return false;
}

bool starts_with_owner_word(std::string_view text_in) {
    const sv text = trim_marks(text_in);
    for (sv w : {sv("You "), sv("Du "), sv("Tú "), sv("Tu "), sv("Vous "), sv("Você "), sv("Jij "),
                 sv("Je hebt "), sv("U hebt "), sv("Hai "), sv("Creaste "), sv("Has ")})
        if (starts_with(text, w))
            return true;
    return false;
}

bool looks_like_phone(std::string_view name_in) {
    const sv name = trim_marks(name_in);
    if (name.empty() || !(name[0] == '+' || (name[0] >= '0' && name[0] <= '9')))
        return false;
    int digits = 0;
    for (std::size_t i = name[0] == '+' ? 1 : 0; i < name.size();) {
        std::size_t len = 0;
        if (!is_phone_char(name, i, &len))
            return false;
        if (name[i] >= '0' && name[i] <= '9')
            ++digits;
        i += len;
    }
    return digits >= 6 && digits <= 17;
}

std::vector<std::string_view> phones_in(std::string_view text) {
    std::vector<sv> out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '+' || i + 1 >= text.size() || text[i + 1] < '0' || text[i + 1] > '9')
            continue;
        std::size_t j = i + 1, last_digit = i + 1;
        int digits = 0;
        while (j < text.size()) {
            std::size_t len = 0;
            if (!is_phone_char(text, j, &len))
                break;
            if (text[j] >= '0' && text[j] <= '9') {
                ++digits;
                last_digit = j;
            }
            j += len;
        }
        if (digits >= 7 && digits <= 17)
            out.push_back(text.substr(i, last_digit + 1 - i));
        i = j - 1;
    }
    return out;
}

std::optional<SharedLocation> shared_location(std::string_view text) {
    for (sv marker : {sv("maps.google.com/?q="), sv("maps.google.com/maps?q="), sv("maps.apple.com/?ll=")}) {
        const auto p = text.find(marker);
        if (p == sv::npos)
            continue;
        std::size_t i = p + marker.size();
        auto number = [&](std::string* out) {
            const std::size_t b = i;
            if (at(text, i) == '-')
                ++i;
            while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'))
                ++i;
            *out = std::string(text.substr(b, i - b));
            return !out->empty() && *out != "-";
        };
        SharedLocation loc;
        if (number(&loc.lat) && at(text, i) == ',' && (++i, number(&loc.lon)))
            return loc;
    }
    return std::nullopt;
}

std::string clean_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size();) {
        if (std::size_t m = mark_len(name, i)) {
            i += m;
            continue;
        }
        out.push_back(name[i]);
        ++i;
    }
    return std::string(trim_marks(out));
}

} // namespace casegraph::ingest::whatsapp
