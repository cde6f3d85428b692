// Internal to cg_demo: the seeded PRNG, calendar helpers, IBAN construction, the cast of the fictional
// case and the plan that scales it. The file writers (android.cpp, whatsapp.cpp, bank_*.cpp) share these.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::demo::detail {

// splitmix64 (Vigna). std::mt19937_64 would do too, but the standard distributions are
// implementation-defined, so every range below is derived from raw 64-bit outputs by hand.
class Rng {
  public:
    // Each file gets its own stream, so adding lines to one file never shifts another file's content.
    Rng(std::uint64_t seed, std::uint64_t stream) : state_(mix(seed) ^ mix(stream + 0x632be59bd9b4e019ULL)) {}
    std::uint64_t next() {
        state_ += 0x9e3779b97f4a7c15ULL;
        return mix(state_);
    }
    // Uniform enough in [0, n) for test data; n must be > 0.
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    // Inclusive range.
    std::int64_t range(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
    }
    bool percent(int p) { return below(100) < static_cast<std::uint64_t>(p); }
    template <class T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

  private:
    static std::uint64_t mix(std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t state_;
};

// Stream ids: one per output file.
enum class Stream : std::uint64_t { sms = 1, calls, contacts, chat, camt, mt940, shared_bank };

// ---- calendar (proleptic Gregorian, UTC) ----
struct Date {
    int y = 1970;
    int m = 1;
    int d = 1;
};
[[nodiscard]] std::int64_t days_from_civil(int y, int m, int d);
[[nodiscard]] Date civil_from_days(std::int64_t days);
[[nodiscard]] std::int64_t utc_ms(const Date& date, int hh, int mm, int ss);
[[nodiscard]] int days_in_month(int y, int m);
// Month index 0 = January 2024, the first month of the scenario.
[[nodiscard]] Date month_start(int month_index);
[[nodiscard]] std::string iso_date(const Date& d); // 2024-01-31
[[nodiscard]] std::string yymmdd(const Date& d);   // 240131
[[nodiscard]] std::string month_name(int m);       // February
[[nodiscard]] std::string month_name_de(int m);    // Februar

// Europe/London wall clock for a UTC instant: GMT, or BST between 01:00 UTC on the last Sunday of
// March and 01:00 UTC on the last Sunday of October (the UK rule since 1996; the scenario starts 2024).
struct LocalTime {
    Date date;
    int hh = 0;
    int mm = 0;
};
[[nodiscard]] LocalTime london_local(std::int64_t utc_ms);

// ---- money and identifiers ----
// 123456 -> "1234.56" (sep '.') or "1234,56" (sep ','); negative values get a leading '-'.
[[nodiscard]] std::string format_minor(std::int64_t minor, char sep);
// Country code + BBAN -> IBAN with correct ISO 13616 mod-97 check digits.
[[nodiscard]] std::string make_iban(std::string_view country, std::string_view bban);
[[nodiscard]] std::string pad_digits(std::int64_t value, int width);

// ---- the cast ----
enum class Role { controller, recruiter, victim, mule, landlord, advert, filler };

// Someone the controller's phone talks to.
struct Contact {
    Role role = Role::filler;
    std::string name;     // full fictional name (or business name)
    std::string saved_as; // how the controller saved the number (contacts2 display name, calls.name)
    std::string e164;     // +447700900311, +442079460312
    std::string national; // 07700900311, 02079460312
    std::string spaced;   // 07700 900311, 020 7946 0312
    std::string email;    // optional, @example.com (RFC 2606)
    bool on_whatsapp = false;
    bool landline = false;
    bool saved = true; // in the controller's address book (some filler numbers are not)
    int weight = 1;    // relative share of the controller's SMS and calls
};

struct Account {
    std::string holder;
    std::string iban;
    std::string bic;
};

struct Landlord {
    Account account;
    std::string remittance; // text before the month, e.g. "rent flat 2"
    std::int64_t rent_minor = 0;
    bool german = false;   // remittance in German ("Miete Wohnung 3 Februar 2024")
    bool in_batch = false; // paid inside the monthly bulk payment (one Ntry, several TxDtls)
};

struct Cast {
    Contact controller;
    std::vector<Contact> contacts; // everyone the controller phone knows, victims first
    std::size_t victim_count = 0;
    Account controller_account;
    Account mule_account;
    std::vector<Account> victim_accounts; // same order as the victims in contacts
    std::vector<Landlord> landlords;
    Account advert_site;
    std::vector<Account> abroad;       // RO/BG beneficiaries of the mule's transfers
    std::vector<Account> fillers;      // ordinary counterparties, only when scaled
    std::vector<std::string> branches; // where the mule's cash is paid in
    std::string sms_centre;            // SMSC written on received SMS (drama range too)
};

// Pattern entries per month, written at every scale: camt = 15 victim payments + 2 single rents + 1
// bulk rent payment + 2 advert payments + 1 cash withdrawal + 1 transfer in from the mule; MT940 = 12
// cash deposits + 3 transfers abroad + 1 transfer to the controller.
inline constexpr std::int64_t kCamtCorePerMonth = 22;
inline constexpr std::int64_t kMt940CorePerMonth = 16;

// How much of everything to write.
struct Plan {
    int months = 3;
    std::int64_t sms = 0;
    std::int64_t calls = 0;
    std::int64_t chat = 0;        // header lines of the WhatsApp export (messages and system lines)
    std::int64_t camt_extra = 0;  // filler entries on top of the monthly pattern entries
    std::int64_t mt940_extra = 0; // filler statement lines on top of the monthly pattern lines
    std::size_t filler_contacts = 0;
    std::size_t filler_accounts = 0;
    std::int64_t start_ms = 0; // 2024-01-08T00:00:00Z
    std::int64_t end_ms = 0;   // first instant after the last month
};

[[nodiscard]] Plan make_plan(std::int64_t events);
[[nodiscard]] Cast make_cast(const Plan& plan);

// The i-th of n instants spread over [start, end) with a seeded jitter inside its slot, so the
// sequence is increasing (file order is time order, as on a real phone) without sorting.
[[nodiscard]] std::int64_t spread_time(const Plan& plan, std::int64_t i, std::int64_t n, Rng& rng);

// Picks a contact index by weight. The first `forced` picks cycle through the victims so every victim
// is present even in tiny files.
[[nodiscard]] std::size_t pick_contact(const Cast& cast, std::int64_t i, Rng& rng, bool mobiles_only);

// A short SMS body for a conversation with someone in `role`; outgoing = written by the controller.
[[nodiscard]] std::string sms_body(Role role, bool outgoing, Rng& rng);

// ---- file writers (android.cpp, whatsapp.cpp, bank_camt.cpp, bank_mt940.cpp) ----
void write_mmssms(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::uint64_t seed);
void write_calllog(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::uint64_t seed);
// cards = 0: the cast's saved contacts; else that many cards (the cast's first, then fillers).
void write_contacts(const std::filesystem::path& file, const Cast& cast, std::int64_t cards = 0);
void write_whatsapp_txt(const std::filesystem::path& file, const Cast& cast, const Plan& plan,
                        std::uint64_t seed);
void write_camt053(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::uint64_t seed);
void write_mt940(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::uint64_t seed);
// The controller's account as one OFX file of n transactions (bank_ofx.cpp): 2.x XML, or 1.x SGML.
void write_ofx(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::int64_t n,
               std::uint64_t seed, bool sgml);

// The monthly mule -> controller transfer appears in both statements (debit in the MT940, credit in
// the camt), so both writers derive it from the same stream.
struct MuleTransfer {
    Date date;
    std::int64_t amount_minor = 0;
    std::string reference;
};
[[nodiscard]] MuleTransfer mule_to_controller(int month_index, std::uint64_t seed);

} // namespace casegraph::demo::detail
