// Victim 1's WhatsApp chat with the controller, exported from her Android phone as text
// ("DD/MM/YYYY, HH:MM - Name: text", local time, no seconds), with the quirks real exports have.
#include "scenario.hpp"

#include <fstream>
#include <stdexcept>

namespace casegraph::demo::detail {

namespace {

std::string header(std::int64_t utc) {
    const LocalTime lt = london_local(utc);
    return pad_digits(lt.date.d, 2) + "/" + pad_digits(lt.date.m, 2) + "/" + pad_digits(lt.date.y, 4) + ", " +
           pad_digits(lt.hh, 2) + ":" + pad_digits(lt.mm, 2) + " - ";
}

// "GB12 NWBK 6016 1331 4472 01": how people paste an IBAN into a chat.
std::string grouped(const std::string& iban) {
    std::string out;
    for (std::size_t k = 0; k < iban.size(); ++k) {
        if (k > 0 && k % 4 == 0)
            out += ' ';
        out += iban[k];
    }
    return out;
}

} // namespace

void write_whatsapp_txt(const std::filesystem::path& file, const Cast& cast, const Plan& plan,
                        std::uint64_t seed) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error(file.string() + ": cannot write");
    // The owner's own name as WhatsApp shows it, and the name she saved the controller under.
    const std::string me = "Ana";
    const std::string boss = "Boss";
    static const std::vector<std::string> kBoss{"Where are you now",
                                                "You have 2 bookings tonight, be ready 8pm",
                                                "Send the money from today",
                                                "Why you not answer",
                                                "Driver comes 7, dont be late",
                                                "Smile in the photos",
                                                "You owe me 1500 still",
                                                "No going out alone",
                                                "Good girl",
                                                "Tomorrow you go to Leeds with Lena"};
    static const std::vector<std::string> kAna{"ok",
                                               "I am ready",
                                               "Please can I rest tomorrow",
                                               "He paid only 80",
                                               "ok \xF0\x9F\x99\x8F", // folded hands: exports are UTF-8
                                               "I want to call my mother",
                                               "Where is my passport",
                                               "Yes",
                                               "I am scared of this client",
                                               "I sent it"};
    const std::int64_t n = plan.chat;
    Rng rng(seed, static_cast<std::uint64_t>(Stream::chat));
    for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t t = spread_time(plan, i, n, rng);
        out << header(t);
        if (i == 0) {
            // The first line of every export: a system line, no sender.
            out << "Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
                   "WhatsApp, "
                   "can read or listen to them. Tap to learn more.\n";
        } else if (i == n / 2) {
            out << "Your security code with " << boss << " changed. Tap to learn more.\n";
        } else if (i == 1) {
            out << boss << ": Pay the room money every Friday to my account\n"
                << grouped(cast.controller_account.iban) << "\nMarek D\n";
        } else if (i == n / 3 || (n > 200 && i % 97 == 0)) {
            // Continuation lines carry no header; the importer must glue them to this message.
            out << boss
                << ": New place from tomorrow\n14 Calder Road, flat 2\nRing twice. Dont talk to "
                   "neighbours\n";
        } else if (i == n / 5 || (n > 200 && i % 61 == 0)) {
            out << boss << ": <Media omitted>\n";
        } else if (i == (2 * n) / 3) {
            out << boss << ": Location: https://maps.google.com/?q=51.5462,-0.0553\n";
        } else if (i == (3 * n) / 4) {
            out << me << ": This message was deleted\n";
        } else if (rng.percent(55)) {
            out << boss << ": " << rng.pick(kBoss) << '\n';
        } else {
            out << me << ": " << rng.pick(kAna) << '\n';
        }
    }
    out.flush();
    if (!out)
        throw std::runtime_error(file.string() + ": write failed");
}

} // namespace casegraph::demo::detail
