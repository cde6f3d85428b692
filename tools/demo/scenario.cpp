// The fictional case: who is who, their numbers and accounts, the plan that scales the event counts,
// and the small helpers (calendar, London time, IBAN check digits, amounts, SMS wording) the writers share.
#include "scenario.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace casegraph::demo::detail {

// ---------------------------------------------------------------- calendar

// Days since 1970-01-01 for a proleptic Gregorian date, counted in 400-year eras so it is exact for
// any year without a table.
std::int64_t days_from_civil(int y, int m, int d) {
    const std::int64_t yy = y - (m <= 2 ? 1 : 0);
    const std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    const std::int64_t yoe = yy - era * 400;
    const std::int64_t mp = (m + 9) % 12; // March = 0
    const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t days) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

std::int64_t utc_ms(const Date& date, int hh, int mm, int ss) {
    return ((days_from_civil(date.y, date.m, date.d) * 24 + hh) * 60 + mm) * 60000LL + ss * 1000LL;
}

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

Date month_start(int month_index) {
    return Date{2024 + month_index / 12, 1 + month_index % 12, 1};
}

std::string pad_digits(std::int64_t value, int width) {
    std::string s = std::to_string(value);
    if (static_cast<int>(s.size()) < width)
        s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
    return s;
}

std::string iso_date(const Date& d) {
    return pad_digits(d.y, 4) + "-" + pad_digits(d.m, 2) + "-" + pad_digits(d.d, 2);
}

std::string yymmdd(const Date& d) {
    return pad_digits(d.y % 100, 2) + pad_digits(d.m, 2) + pad_digits(d.d, 2);
}

std::string month_name(int m) {
    static constexpr std::array<const char*, 12> kNames{"January",   "February", "March",    "April",
                                                        "May",       "June",     "July",     "August",
                                                        "September", "October",  "November", "December"};
    return kNames[static_cast<std::size_t>(m - 1)];
}

std::string month_name_de(int m) {
    static constexpr std::array<const char*, 12> kNames{"Januar",    "Februar", "Maerz",    "April",
                                                        "Mai",       "Juni",    "Juli",     "August",
                                                        "September", "Oktober", "November", "Dezember"};
    return kNames[static_cast<std::size_t>(m - 1)];
}

namespace {

std::int64_t last_sunday(int y, int m) {
    const std::int64_t last = days_from_civil(y, m, days_in_month(y, m));
    // 1970-01-01 was a Thursday, so (days + 4) % 7 is 0 on Sundays.
    return last - ((last % 7 + 7 + 4) % 7);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

} // namespace

LocalTime london_local(std::int64_t ms) {
    const Date utc_day = civil_from_days(floor_div(ms, 86400000LL));
    const std::int64_t bst_from = last_sunday(utc_day.y, 3) * 86400000LL + 3600000LL;
    const std::int64_t bst_to = last_sunday(utc_day.y, 10) * 86400000LL + 3600000LL;
    const std::int64_t local = ms + (ms >= bst_from && ms < bst_to ? 3600000LL : 0);
    const std::int64_t day = floor_div(local, 86400000LL);
    const std::int64_t in_day = local - day * 86400000LL;
    return LocalTime{civil_from_days(day), static_cast<int>(in_day / 3600000LL),
                     static_cast<int>(in_day / 60000LL % 60)};
}

// ---------------------------------------------------------------- money and identifiers

std::string format_minor(std::int64_t minor, char sep) {
    const bool negative = minor < 0;
    const std::int64_t v = negative ? -minor : minor;
    std::string s = std::to_string(v / 100);
    s += sep;
    s += pad_digits(v % 100, 2);
    return negative ? "-" + s : s;
}

std::string make_iban(std::string_view country, std::string_view bban) {
    // ISO 13616: BBAN + country + "00", letters as 10..35, the number mod 97; check = 98 - rest.
    // Folded digit by digit so no big integers are needed.
    std::string rearranged(bban);
    rearranged += country;
    rearranged += "00";
    int rest = 0;
    for (const char c : rearranged) {
        if (c >= '0' && c <= '9') {
            rest = (rest * 10 + (c - '0')) % 97;
        } else {
            const int v = c - 'A' + 10;
            rest = (rest * 100 + v) % 97;
        }
    }
    return std::string(country) + pad_digits(98 - rest, 2) + std::string(bban);
}

namespace {

std::string gb_iban(std::int64_t account) {
    return make_iban("GB", "NWBK601613" + pad_digits(account, 8));
}

// A mobile in Ofcom's drama range 07700 900000-900999.
Contact mobile(Role role, std::string name, std::string saved_as, int last3, int weight) {
    Contact c;
    c.role = role;
    c.name = std::move(name);
    c.saved_as = std::move(saved_as);
    const std::string tail = pad_digits(last3, 3);
    c.e164 = "+447700900" + tail;
    c.national = "07700900" + tail;
    c.spaced = "07700 900" + tail;
    c.weight = weight;
    return c;
}

// A London landline in Ofcom's drama range 020 7946 0000-0999.
Contact london(Role role, std::string name, std::string saved_as, int last3, int weight) {
    Contact c;
    c.role = role;
    c.name = std::move(name);
    c.saved_as = std::move(saved_as);
    const std::string tail = pad_digits(last3, 3);
    c.e164 = "+442079460" + tail;
    c.national = "02079460" + tail;
    c.spaced = "020 7946 0" + tail;
    c.landline = true;
    c.weight = weight;
    return c;
}

constexpr std::array<const char*, 20> kFirst{"Gary",  "Sophie", "Liam",  "Chloe", "Ryan",   "Megan", "Connor",
                                             "Jade",  "Callum", "Holly", "Dean",  "Kirsty", "Wayne", "Leanne",
                                             "Shaun", "Stacey", "Kyle",  "Gemma", "Scott",  "Nicola"};
constexpr std::array<const char*, 20> kLast{
    "Holt",     "Barraclough", "Ferris",   "Mottram",    "Quayle",   "Ridley",  "Scarth",
    "Tansley",  "Umfreville",  "Varley",   "Wadsworth",  "Yeadon",   "Ackroyd", "Blenkin",
    "Crowther", "Dimmock",     "Eastwood", "Fairclough", "Gledhill", "Hepworth"};

} // namespace

Plan make_plan(std::int64_t events) {
    Plan p;
    if (events <= 0) {
        p.months = 3;
        p.sms = 150;
        p.calls = 70;
        p.chat = 60;
        p.filler_contacts = 6;
        p.filler_accounts = 0;
    } else {
        p.months = static_cast<int>(std::clamp<std::int64_t>(events / 40000, 3, 24));
        p.sms = std::max<std::int64_t>(20, events * 35 / 100);
        p.calls = std::max<std::int64_t>(10, events * 25 / 100);
        p.chat = std::max<std::int64_t>(12, events * 20 / 100);
        p.camt_extra = std::max<std::int64_t>(0, events * 10 / 100 - p.months * kCamtCorePerMonth);
        p.mt940_extra = std::max<std::int64_t>(0, events * 10 / 100 - p.months * kMt940CorePerMonth);
        p.filler_contacts = static_cast<std::size_t>(std::min<std::int64_t>(390, 6 + events / 4000));
        p.filler_accounts = static_cast<std::size_t>(std::min<std::int64_t>(2000, 10 + events / 2000));
    }
    p.start_ms = utc_ms(Date{2024, 1, 8}, 0, 0, 0);
    p.end_ms = utc_ms(month_start(p.months), 0, 0, 0);
    return p;
}

Cast make_cast(const Plan& plan) {
    Cast c;
    c.controller = mobile(Role::controller, "Marek Dunmore", "Me", 100, 0);
    c.controller_account = {"MAREK DUNMORE", gb_iban(31447201), "NWBKGB2L"};
    c.mule_account = {"JORDAN PIKE", gb_iban(31447329), "NWBKGB2L"};

    // Victims first: how the controller saved each of them says a lot about the relationship.
    struct V {
        const char* name;
        const char* saved;
        int last3;
        std::int64_t account;
    };
    static constexpr std::array<V, 5> kVictims{{{"Ana Munteanu", "Ana", 311, 40118832},
                                                {"Elena Radu", "Lena", 312, 40206617},
                                                {"Mihaela Stan", "Miha new", 313, 40377050},
                                                {"Desislava Koleva", "Desi BG", 314, 40459921},
                                                {"Ioana Dobre", "Ioana 2", 315, 40581346}}};
    for (const auto& v : kVictims) {
        Contact ct = mobile(Role::victim, v.name, v.saved, v.last3, 10);
        ct.on_whatsapp = true;
        c.contacts.push_back(ct);
        std::string holder = v.name;
        std::transform(holder.begin(), holder.end(), holder.begin(),
                       [](char ch) { return ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch; });
        c.victim_accounts.push_back({holder, gb_iban(v.account), "NWBKGB2L"});
    }
    c.victim_count = c.contacts.size();

    Contact r1 = mobile(Role::recruiter, "Dragos Ilie", "Drago", 201, 8);
    r1.on_whatsapp = true;
    Contact r2 = mobile(Role::recruiter, "Kalina Petrova", "Kali", 202, 6);
    r2.on_whatsapp = true;
    r2.email = "kalina.petrova@example.com";
    Contact mule = mobile(Role::mule, "Jordan Pike", "JP", 401, 6);
    mule.on_whatsapp = true;
    c.contacts.push_back(r1);
    c.contacts.push_back(r2);
    c.contacts.push_back(mule);

    Contact l1 = london(Role::landlord, "Harbour Lettings Ltd", "Harbour Lettings", 312, 1);
    l1.email = "office@harbour-lettings.example.com";
    Contact l2 = mobile(Role::landlord, "Peter Whitcombe", "Whitcombe flat 7", 412, 1);
    Contact l3 = mobile(Role::landlord, "Klaus Brenner", "Klaus Vermieter", 413, 1);
    l3.email = "k.brenner@example.org";
    Contact l4 = london(Role::landlord, "Greystone Property Management", "Greystone PM", 587, 1);
    Contact ad = london(Role::advert, "NightList Media Ltd", "NightList ads", 800, 1);
    ad.email = "billing@nightlist.example.net";
    for (const auto& ct : {l1, l2, l3, l4, ad})
        c.contacts.push_back(ct);

    c.landlords = {
        {{"HARBOUR LETTINGS LTD", gb_iban(20481174), "NWBKGB2L"}, "rent flat 2", 115000, false, false},
        {{"PETER WHITCOMBE", gb_iban(20493358), "NWBKGB2L"}, "flat 7 rent", 95000, false, true},
        {{"KLAUS BRENNER", make_iban("DE", "370400440532018870"), "COBADEFFXXX"},
         "Miete Wohnung 3",
         102000,
         true,
         false},
        {{"GREYSTONE PROPERTY MANAGEMENT LTD", gb_iban(20517726), "NWBKGB2L"},
         "GPM ref 0419 rent flat 9",
         130000,
         false,
         true},
    };
    c.advert_site = {"NIGHTLIST MEDIA LTD", gb_iban(20664401), "NWBKGB2L"};
    c.abroad = {
        {"ION MUNTEANU", make_iban("RO", "DEMO0000120458836102"), "DEMOROBU"},
        {"VASILE RADU", make_iban("RO", "DEMO0000120733418820"), "DEMOROBU"},
        {"STOYAN KOLEV", make_iban("BG", "DEMO96611020884413"), "DEMOBGSF"},
        {"CRISTINA ILIE", make_iban("RO", "DEMO0000121196502274"), "DEMOROBU"},
    };
    c.branches = {"LUTON GEORGE ST",  "SLOUGH HIGH ST", "CROYDON NORTH END", "ILFORD HIGH RD",
                  "READING BROAD ST", "LEEDS BRIGGATE", "WATFORD HIGH ST"};
    c.sms_centre = "+447700900999";

    for (std::size_t k = 0; k < plan.filler_contacts; ++k) {
        const std::string first = kFirst[k % kFirst.size()];
        const std::string last = kLast[(k / kFirst.size() + k * 7) % kLast.size()];
        Contact f = mobile(Role::filler, first + " " + last, first + " " + last.substr(0, 1),
                           600 + static_cast<int>(k), 1);
        f.on_whatsapp = k % 3 == 0;
        if (k % 5 == 4) { // a number the controller never saved: calls carry no cached name
            f.saved = false;
            f.saved_as.clear();
        }
        c.contacts.push_back(f);
    }
    for (std::size_t k = 0; k < plan.filler_accounts; ++k) {
        std::string holder =
            std::string(kFirst[k % kFirst.size()]) + " " + kLast[(k / kFirst.size()) % kLast.size()];
        std::transform(holder.begin(), holder.end(), holder.begin(),
                       [](char ch) { return ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch; });
        c.fillers.push_back({holder, gb_iban(50000000 + static_cast<std::int64_t>(k) * 7919), "NWBKGB2L"});
    }
    return c;
}

std::int64_t spread_time(const Plan& plan, std::int64_t i, std::int64_t n, Rng& rng) {
    const std::int64_t slot =
        std::max<std::int64_t>(1, (plan.end_ms - plan.start_ms) / std::max<std::int64_t>(1, n));
    return plan.start_ms + i * slot + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(slot)));
}

std::size_t pick_contact(const Cast& cast, std::int64_t i, Rng& rng, bool mobiles_only) {
    if (i < static_cast<std::int64_t>(2 * cast.victim_count))
        return static_cast<std::size_t>(i) % cast.victim_count;
    std::size_t core = 0;
    int total = 0;
    for (const auto& ct : cast.contacts) {
        if (ct.role == Role::filler)
            break;
        ++core;
        total += ct.weight;
    }
    const std::size_t fillers = cast.contacts.size() - core;
    if (fillers > 0 && rng.percent(25))
        return core + rng.below(fillers);
    int r = static_cast<int>(rng.below(static_cast<std::uint64_t>(total)));
    for (std::size_t k = 0; k < core; ++k) {
        r -= cast.contacts[k].weight;
        if (r < 0)
            // Nobody texts a landline; those picks go to the first victim, the busiest thread anyway.
            return mobiles_only && cast.contacts[k].landline ? 0 : k;
    }
    return 0;
}

std::string sms_body(Role role, bool outgoing, Rng& rng) {
    using L = std::vector<std::string>;
    static const L kToVictim{"Where are you?",
                             "Client at 9, flat 2. Be ready.",
                             "Send me todays money tonight",
                             "Dont talk to the neighbours",
                             "You start at 8 tomorrow",
                             "Answer your phone",
                             "Driver picks you up 7pm",
                             "I keep your passport safe, dont ask again",
                             "New photos for the advert tomorrow",
                             "How much today?"};
    static const L kFromVictim{"ok",
                               "I am at flat 2",
                               "Please I am tired today",
                               "He paid {n}",
                               "I need to send money home",
                               "Can I have my passport back",
                               "Yes",
                               "Done, 3 today",
                               "I am sick can I rest",
                               "Where is driver"};
    static const L kToRecruiter{"When does the new girl arrive?", "Tickets paid, send details",
                                "Need two more for Leeds", "Call me",
                                "Coach gets to Victoria 6am, pick her up"};
    static const L kFromRecruiter{"She arrives Tuesday Victoria coach", "Need {n}0 for tickets",
                                  "Two girls ready to travel", "Documents done", "Call me now"};
    static const L kToMule{"Deposit today at Luton", "Send 2k to RO tomorrow", "Use different branches",
                           "Keep under 500 each time", "Send me the receipts"};
    static const L kFromMule{"Paid in {n}0 Slough", "Done, sent to Ion", "Bank asked questions",
                             "Deposit done", "Which account for BG?"};
    static const L kToLandlord{"Rent sent for this month", "Can you fix the boiler in flat 2",
                               "Need another flat from next month", "Paid by bank transfer"};
    static const L kFromLandlord{"Thanks, rent received", "Inspection next Tuesday 10am",
                                 "Neighbours complained about noise again", "Rent is late"};
    static const L kFiller{"Pizza tonight?",
                           "See you at 8",
                           "Happy birthday mate",
                           "Game on Saturday?",
                           "Call you later",
                           "Car is ready",
                           "lol",
                           "On my way"};
    const L* list = &kFiller;
    switch (role) {
    case Role::victim:
        list = outgoing ? &kToVictim : &kFromVictim;
        break;
    case Role::recruiter:
        list = outgoing ? &kToRecruiter : &kFromRecruiter;
        break;
    case Role::mule:
        list = outgoing ? &kToMule : &kFromMule;
        break;
    case Role::landlord:
    case Role::advert:
        list = outgoing ? &kToLandlord : &kFromLandlord;
        break;
    case Role::controller:
    case Role::filler:
        break;
    }
    std::string body = rng.pick(*list);
    if (const auto at = body.find("{n}"); at != std::string::npos)
        body.replace(at, 3, std::to_string(rng.range(4, 20) * 10));
    return body;
}

MuleTransfer mule_to_controller(int month_index, std::uint64_t seed) {
    Rng rng(seed,
            static_cast<std::uint64_t>(Stream::shared_bank) * 1000 + static_cast<std::uint64_t>(month_index));
    const Date start = month_start(month_index);
    MuleTransfer t;
    t.date = Date{start.y, start.m, static_cast<int>(rng.range(14, 20))};
    t.amount_minor = rng.range(30, 60) * 1000;
    t.reference = "JP" + yymmdd(t.date) + "SAV";
    return t;
}

} // namespace casegraph::demo::detail
