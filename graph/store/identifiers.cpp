// Identifier normalisation (see identifiers.hpp).
#include "identifiers.hpp"

#include <algorithm>
#include <cctype>
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/shortnumberinfo.h>

namespace casegraph::store {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using i18n::phonenumbers::ShortNumberInfo;

std::string_view to_string(IdStatus s) {
    switch (s) {
    case IdStatus::valid:
        return "valid";
    case IdStatus::possible:
        return "possible";
    case IdStatus::invalid:
        return "invalid";
    case IdStatus::raw:
        return "raw";
    }
    return "raw";
}

namespace {

std::string_view trim(std::string_view s) {
    auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    };
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

std::string upper_region(std::string_view region) {
    std::string r(trim(region));
    std::transform(r.begin(), r.end(), r.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return r;
}

constexpr std::string_view kPhoneRule = "phone/libphonenumber-8.12";

NormalizedId raw_phone(std::string_view raw, const std::string& why) {
    return {"phone", std::string(trim(raw)), IdStatus::raw, std::string(kPhoneRule) + " " + why, "phone"};
}

// Country code -> IBAN length (SWIFT IBAN Registry).
int iban_length(std::string_view cc) {
    struct L {
        const char* cc;
        int len;
    };
    static constexpr L kLens[] = {
        {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
        {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
        {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
        {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
        {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27},
        {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
        {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
        {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28},
        {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
        {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
        {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
    };
    for (const auto& l : kLens)
        if (cc == l.cc)
            return l.len;
    return 0;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string compact_upper(std::string_view raw) {
    std::string s;
    for (const char c : raw) {
        if (c == ' ' || c == '-' || c == '.' || c == '\t' || static_cast<unsigned char>(c) == 0xA0)
            continue;
        s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    // "IBAN DE89..." as printed on statements.
    if (s.rfind("IBAN", 0) == 0 && s.size() > 4 && std::isalpha(static_cast<unsigned char>(s[4])) &&
        std::isalpha(static_cast<unsigned char>(s[5])))
        s.erase(0, 4);
    if (s.rfind("IBAN:", 0) == 0)
        s.erase(0, 5);
    return s;
}

} // namespace

NormalizedId normalize_phone(std::string_view raw_in, std::string_view region_in) {
    const std::string_view raw = trim(raw_in);
    std::string region = upper_region(region_in);
    if (raw.empty())
        return raw_phone(raw, "empty");
    const auto& util = *PhoneNumberUtil::GetInstance();
    const std::string text(raw);
    // Alphanumeric sender ids ("DHL", "VODAFONE") are not numbers: keep them raw. Digits are counted
    // after libphonenumber's own digit folding, so numbers typed with Arabic-Indic or full-width
    // digits (as Android keeps them from such keyboards) are read like ASCII ones.
    std::string digits = text;
    util.NormalizeDigitsOnly(&digits);
    const bool letters =
        std::any_of(raw.begin(), raw.end(), [](unsigned char c) { return c < 0x80 && std::isalpha(c); });
    if (letters || digits.size() < 3)
        return raw_phone(raw, "not-a-number");
    PhoneNumber number;
    const std::string parse_region = region.empty() ? "ZZ" : region;
    const std::string shown_region = region.empty() ? std::string("none") : region;
    if (util.Parse(text, parse_region, &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return raw_phone(raw, "unparsed region=" + shown_region);
    // Only a full-length number is globally meaningful. IsPossibleNumber() also accepts a subscriber
    // number dialled without its area code (IS_POSSIBLE_LOCAL_ONLY: "555-0123" in the US, "110" in
    // DE); as E.164 that would be a different, wrong number that merges with strangers.
    if (util.IsPossibleNumberWithReason(number) != PhoneNumberUtil::IS_POSSIBLE)
        return raw_phone(raw, "not-possible region=" + shown_region);
    const bool valid = util.IsValidNumber(number);
    // Short codes ("11880" directory enquiries in DE) can have the length of a full national number;
    // DOMAIN.md 5.2 keeps them as (region, code), never E.164.
    static const ShortNumberInfo short_info; // loads its metadata once
    if (!valid && short_info.IsValidShortNumber(number))
        return raw_phone(raw, "short-code region=" + shown_region);
    NormalizedId out;
    out.type = "phone";
    out.entity_kind = "phone";
    util.Format(number, PhoneNumberUtil::E164, &out.value);
    // E.164 allows at most 15 digits with the country code, but libphonenumber calls national
    // numbers of up to 15 digits possible in some plans (DE), which would give "+49" + 15 digits.
    // Such a value is not an international number and must not merge (found by fuzz_identifiers).
    if (out.value.size() > 16)
        return raw_phone(raw, "too-long-for-e164 region=" + shown_region);
    out.status = valid ? IdStatus::valid : IdStatus::possible;
    out.rule = std::string(kPhoneRule) + " region=" + shown_region;
    return out;
}

NormalizedId normalize_email(std::string_view raw_in) {
    const std::string_view raw = trim(raw_in);
    std::string v(raw);
    // URI schemes are case-insensitive (RFC 3986 3.1): "MAILTO:" is as common as "mailto:".
    if (v.size() >= 7 && lower_ascii(std::string_view(v).substr(0, 7)) == "mailto:")
        v.erase(0, 7);
    const auto at = v.find('@');
    const bool shape_ok =
        at != std::string::npos && at > 0 && at + 1 < v.size() && v.find('@', at + 1) == std::string::npos &&
        v.find_first_of(" \t<>,;") == std::string::npos && v.find('.', at) != std::string::npos;
    // Local parts are case-sensitive in principle but not in practice; the rule says so.
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return {"email", shape_ok ? v : std::string(raw), shape_ok ? IdStatus::valid : IdStatus::raw,
            shape_ok ? "email/lower-1" : "email/unparsed-1", "email"};
}

bool iban_checksum_ok(std::string_view iban) {
    const std::string s = compact_upper(iban);
    if (s.size() < 5 || s.size() > 34)
        return false;
    const std::string rearranged = s.substr(4) + s.substr(0, 4);
    int rem = 0;
    for (const char c : rearranged) {
        if (c >= '0' && c <= '9') {
            rem = (rem * 10 + (c - '0')) % 97;
        } else if (c >= 'A' && c <= 'Z') {
            const int v = c - 'A' + 10;
            rem = (rem * 100 + v) % 97;
        } else {
            return false;
        }
    }
    return rem == 1;
}

std::string format_iban(std::string_view electronic) {
    std::string out;
    for (std::size_t i = 0; i < electronic.size(); ++i) {
        if (i > 0 && i % 4 == 0)
            out.push_back(' ');
        out.push_back(electronic[i]);
    }
    return out;
}

NormalizedId normalize_iban(std::string_view raw) {
    const std::string s = compact_upper(raw);
    const bool shape = s.size() >= 15 && s.size() <= 34 && std::isalpha(static_cast<unsigned char>(s[0])) &&
                       std::isalpha(static_cast<unsigned char>(s[1])) &&
                       std::isdigit(static_cast<unsigned char>(s[2])) &&
                       std::isdigit(static_cast<unsigned char>(s[3])) &&
                       std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c); });
    if (!shape)
        return {"iban", std::string(trim(raw)), IdStatus::raw, "iban/unparsed-1", "account"};
    const int want = iban_length(std::string_view(s).substr(0, 2));
    if (want != 0 && static_cast<int>(s.size()) != want)
        return {"iban", s, IdStatus::invalid, "iban/length-1 expected=" + std::to_string(want), "account"};
    if (!iban_checksum_ok(s))
        return {"iban", s, IdStatus::invalid, "iban/mod97-1 check failed", "account"};
    return {"iban", s, want != 0 ? IdStatus::valid : IdStatus::possible, "iban/mod97-1", "account"};
}

NormalizedId normalize_bic(std::string_view raw) {
    std::string s = compact_upper(raw);
    const bool shape =
        (s.size() == 8 || s.size() == 11) &&
        std::all_of(s.begin(), s.begin() + 6, [](unsigned char c) { return std::isalpha(c); }) &&
        std::all_of(s.begin() + 6, s.end(), [](unsigned char c) { return std::isalnum(c); });
    if (!shape)
        return {"bic", std::string(trim(raw)), IdStatus::raw, "bic/unparsed-1", "organisation"};
    if (s.size() == 8)
        s += "XXX"; // BIC8 is the head office, the same as BIC11 with XXX
    return {"bic", s, IdStatus::valid, "bic/bic11-1", "organisation"};
}

NormalizedId normalize_identifier(std::string_view type, std::string_view raw, std::string_view region) {
    if (type == "phone")
        return normalize_phone(raw, region);
    if (type == "email")
        return normalize_email(raw);
    if (type == "iban")
        return normalize_iban(raw);
    if (type == "bic")
        return normalize_bic(raw);
    std::string kind = "handle";
    if (type == "account_number")
        kind = "account";
    else if (type == "imei" || type == "imsi")
        kind = "device";
    else if (type == "btc" || type == "eth")
        kind = "crypto_wallet";
    else if (type == "url")
        kind = "website";
    else if (type == "name")
        kind = "person";
    const std::string_view v = trim(raw);
    return {std::string(type), std::string(v), v.empty() ? IdStatus::raw : IdStatus::valid,
            std::string(type) + "/trim-1", kind};
}

std::optional<std::string> phone_from_whatsapp_jid(std::string_view jid) {
    const auto at = jid.find('@');
    if (at == std::string_view::npos || jid.substr(at + 1) != "s.whatsapp.net")
        return std::nullopt;
    std::string_view user = jid.substr(0, at);
    // Multi-device JIDs carry ".agent:device" after the number.
    user = user.substr(0, std::min(user.find('.'), user.find(':')));
    if (user.empty() || user.size() > 15 ||
        !std::all_of(user.begin(), user.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;
    return "+" + std::string(user);
}

bool is_phone_region(std::string_view region) {
    const std::string r = upper_region(region);
    return r.size() == 2 && PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(r) != 0;
}

NormalizedId normalize_user_input(std::string_view text_in, std::string_view region) {
    const std::string_view text = trim(text_in);
    // "scheme:rest". mailto:, tel: and IBAN: name what follows; any other scheme names an app and the
    // whole text is a handle scoped to it ("telegram:user123", also "telegram:@user123", which must
    // not be taken for an email because of its '@').
    if (const auto colon = text.find(':'); colon != std::string_view::npos && colon > 0) {
        const std::string scheme = lower_ascii(text.substr(0, colon));
        const bool is_scheme = std::isalpha(static_cast<unsigned char>(scheme[0])) &&
                               std::all_of(scheme.begin(), scheme.end(), [](unsigned char c) {
                                   return std::isalnum(c) || c == '+' || c == '-' || c == '.' || c == '_';
                               });
        if (is_scheme) {
            if (scheme == "mailto")
                return normalize_email(text);
            if (scheme == "tel")
                return normalize_phone(text.substr(colon + 1), region);
            if (scheme == "iban")
                return normalize_iban(text);
            return normalize_identifier("handle", text, region);
        }
    }
    if (text.find('@') != std::string_view::npos)
        return normalize_email(text);
    const std::string compact = compact_upper(text);
    if (compact.size() >= 15 && std::isalpha(static_cast<unsigned char>(compact[0])) &&
        std::isalpha(static_cast<unsigned char>(compact[1])) &&
        std::isdigit(static_cast<unsigned char>(compact[2])))
        return normalize_iban(text);
    return normalize_phone(text, region);
}

} // namespace casegraph::store
