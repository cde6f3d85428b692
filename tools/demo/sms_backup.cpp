// The controller's SMS as the Android app "SMS Backup & Restore" saves them: one <smses> XML file, every
// message an <sms> element with the telephony provider's columns as attributes.
#include "more_formats.hpp"

#include <array>

namespace casegraph::demo::detail {

namespace {

// "Jan 8, 2024 9:12:33 AM": the app's readable_date (device locale en_GB, 12-hour clock).
std::string readable_date(std::int64_t utc) {
    static constexpr std::array<const char*, 12> kMon{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const LocalTime lt = london_local(utc);
    const int h12 = lt.hh % 12 == 0 ? 12 : lt.hh % 12;
    return std::string(kMon[static_cast<std::size_t>(lt.date.m - 1)]) + " " + std::to_string(lt.date.d) +
           ", " + std::to_string(lt.date.y) + " " + std::to_string(h12) + ":" + pad_digits(lt.mm, 2) + ":" +
           pad_digits((utc / 1000) % 60, 2) + (lt.hh < 12 ? " AM" : " PM");
}

} // namespace

Files write_sms_backup_xml(const std::filesystem::path& root, const Cast& cast, const Plan& plan,
                           std::int64_t n, std::uint64_t seed) {
    const auto file = root / "sms-20240701090000.xml";
    auto out = open_text(file);
    Rng rng(seed, static_cast<std::uint64_t>(MoreStream::sms_backup));
    std::string backup_set = uuid_upper(rng); // the app writes it in lower case
    for (char& ch : backup_set)
        if (ch >= 'A' && ch <= 'F')
            ch = static_cast<char>(ch + 32);
    out << "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        << "<!--File Created By SMS Backup & Restore v10.20.002 on 01/07/2024 09:00:00-->\n"
        << "<?xml-stylesheet type=\"text/xsl\" href=\"sms.xsl\"?>\n"
        << "<smses count=\"" << n << "\" backup_set=\"" << backup_set << "\" backup_date=\"" << plan.end_ms
        << "\" type=\"full\">\n";
    for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t t = spread_time(plan, i, n, rng);
        const std::size_t who = pick_contact(cast, i, rng, true);
        const Contact& c = cast.contacts[who];
        const bool sent = rng.percent(50);
        // Received SMS carry the network's +44 form and the SMS centre; sent ones the number as typed.
        out << "  <sms protocol=\"0\" address=\"" << (sent ? typed_form(c, who) : c.e164) << "\" date=\"" << t
            << "\" type=\"" << (sent ? 2 : 1) << "\" subject=\"null\" body=\""
            << xml_escape(sms_body(c.role, sent, rng)) << "\" toa=\"null\" sc_toa=\"null\" service_center=\""
            << (sent ? std::string("null") : cast.sms_centre) << "\" read=\"1\" status=\"-1\" locked=\"0\" "
            << "date_sent=\"" << (sent ? 0 : t - 3000) << "\" sub_id=\"1\" readable_date=\""
            << readable_date(t) << "\" contact_name=\""
            << (c.saved ? xml_escape(c.saved_as) : std::string("(Unknown)")) << "\" />\n";
    }
    out << "</smses>\n";
    finish_text(out, file);
    return {{file, "sms-backup-xml", "controller phone", cast.controller.e164}};
}

} // namespace casegraph::demo::detail
