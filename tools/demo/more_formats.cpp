// The text helpers the added writers share, and the dispatch from a --format name to its writer.
#include "more_formats.hpp"

#include <stdexcept>

namespace casegraph::demo::detail {

std::ofstream open_text(const std::filesystem::path& file) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error(file.string() + ": cannot write");
    return out;
}

void finish_text(std::ofstream& out, const std::filesystem::path& file) {
    out.flush();
    if (!out)
        throw std::runtime_error(file.string() + ": write failed");
}

std::string xml_escape(std::string_view s) {
    std::string o;
    o.reserve(s.size() + 8);
    for (const char ch : s) {
        switch (ch) {
        case '&':
            o += "&amp;";
            break;
        case '<':
            o += "&lt;";
            break;
        case '>':
            o += "&gt;";
            break;
        case '"':
            o += "&quot;";
            break;
        case '\n':
            o += "&#10;";
            break;
        default:
            o += ch;
        }
    }
    return o;
}

std::string json_string(std::string_view s) {
    std::string o = "\"";
    for (const char ch : s) {
        if (ch == '"' || ch == '\\')
            o += '\\';
        if (ch == '\n')
            o += "\\n";
        else
            o += ch;
    }
    return o + "\"";
}

std::string uuid_upper(Rng& rng) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const std::uint64_t a = rng.next();
    const std::uint64_t b = rng.next();
    std::string o;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            o += '-';
        const std::uint64_t word = i < 16 ? a : b;
        const std::uint64_t nibble = (word >> ((i % 16) * 4)) & 0xF;
        // RFC 4122 version 4 (random) and variant 10xx, as the devices write them.
        o += i == 12 ? '4' : (i == 16 ? kHex[8 + (nibble & 3)] : kHex[nibble]);
    }
    return o;
}

std::string london_offset(std::int64_t utc) {
    const LocalTime lt = london_local(utc);
    const std::int64_t local = utc_ms(lt.date, lt.hh, lt.mm, 0);
    const std::int64_t utc_min = utc - ((utc % 60000) + 60000) % 60000;
    return local - utc_min >= 3600000 ? "+01:00" : "+00:00";
}

std::string london_iso(std::int64_t utc) {
    const LocalTime lt = london_local(utc);
    return iso_date(lt.date) + "T" + pad_digits(lt.hh, 2) + ":" + pad_digits(lt.mm, 2) + ":" +
           pad_digits((utc / 1000) % 60, 2) + "." + pad_digits(utc % 1000, 3) + london_offset(utc);
}

std::vector<const Contact*> group_members(const Cast& cast, bool all_recruiters) {
    std::vector<const Contact*> members{&cast.controller};
    bool recruiter = false;
    for (const auto& c : cast.contacts) {
        if (c.role == Role::victim) {
            members.push_back(&c);
        } else if (c.role == Role::recruiter && (all_recruiters || !recruiter)) {
            members.push_back(&c); // else only the first, Drago
            recruiter = true;
        }
    }
    return members;
}

std::size_t group_sender(std::int64_t i, std::size_t members, Rng& rng) {
    if (i < 2 * static_cast<std::int64_t>(members))
        return static_cast<std::size_t>(i) % members;
    return rng.percent(40) ? 0 : 1 + rng.below(members - 1);
}

Files write_more_format(const std::string& format, const std::filesystem::path& root, const Cast& cast,
                        const Plan& plan, std::int64_t n, std::uint64_t seed) {
    if (format == "sms-backup-xml")
        return write_sms_backup_xml(root, cast, plan, n, seed);
    if (format == "ios-sms")
        return write_ios_sms(root, cast, plan, n, seed);
    if (format == "ios-calls")
        return write_ios_calls(root, cast, plan, n, seed);
    if (format == "ufdr")
        return write_ufdr_report(root, cast, plan, n, seed);
    if (format == "meta-json")
        return write_messenger_json(root, cast, plan, n, seed);
    if (format == "telegram-html")
        return write_telegram_html(root, cast, plan, n, seed);
    if (format == "vcard")
        return write_vcards(root, cast, n);
    if (format == "ios-contacts")
        return write_ios_contacts(root, cast, n);
    if (format == "whatsapp-contacts")
        return write_wa_contacts(root, cast, n);
    if (format == "android-contacts") {
        const auto file = root / "contacts2.db";
        write_contacts(file, cast, n);
        return {{file, format, "controller phone", cast.controller.e164}};
    }
    return {};
}

} // namespace casegraph::demo::detail
