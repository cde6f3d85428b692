// The deterministic demo evidence generator: a fictional UK trafficking case written as real-format
// evidence files (Android databases, a WhatsApp export, camt.053 and MT940 statements).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace casegraph::demo {

struct DemoOptions {
    std::uint64_t seed = 1;
    // 0 = the small default scenario; N = scale to about N events in total (SMS + calls + chat lines +
    // bank entries), keeping the same cast and patterns.
    std::int64_t events = 0;
    // Non-empty: write only one file of this --format with `events` records in it (benchmarks):
    // android-sms, android-calls, whatsapp-txt, whatsapp-db, telegram-json, camt, mt940, bank-csv,
    // ofx (2.x XML) or ofx-sgml (1.x SGML; its manifest format is `ofx`), sms-backup-xml, ios-sms,
    // ios-calls, ufdr, meta-json, telegram-html (these two: an export folder of JSON slices / HTML pages),
    // or vcard, android-contacts, ios-contacts, whatsapp-contacts (`events` contact cards).
    std::string only;
};

struct DemoFile {
    std::filesystem::path path;
    std::string format;     // CONTRACTS.md --format name (android-sms, camt, ...)
    std::string holder;     // whose evidence, e.g. "controller phone"
    std::string owner_e164; // what an examiner gives as --owner: the device owner's number, the export's
                            // own name for name-only chat exports ("meta-json:Marek Dunmore"), or empty
};

struct DemoVictim {
    std::string name;
    std::string phone_e164;
    std::string iban;
    std::string saved_as;       // how the controller's phone saved her ("Ana", "Miha new")
    std::string account_holder; // the holder name the bank records give for her account ("ANA MUNTEANU")
};

struct DemoManifest {
    std::vector<DemoFile> files;
    std::vector<DemoVictim> victims;
    std::vector<std::string> suspects_e164;
    // The ad sites the scenario pays (fictional, so on no default list): what an investigator who read
    // the adverts adds to the case's indicator.advert_payments.watchlist.
    std::vector<std::string> advert_sites;
    std::string region = "GB";
    std::string tz = "Europe/London";
};

// Writes the demo evidence into dir/evidence/ (creating it, replacing files of the same name) and
// returns what it wrote. The output is byte-identical for the same options on every platform: no wall
// clock, our own PRNG, SQLite files written fresh with the same statements in the same order.
[[nodiscard]] DemoManifest write_demo_evidence(const std::filesystem::path& dir, const DemoOptions& opt);

} // namespace casegraph::demo
