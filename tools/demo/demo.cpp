// write_demo_evidence: lays out the evidence folder and calls each file writer.
#include "demo/demo.hpp"

#include "scenario.hpp"

#include <algorithm>

namespace casegraph::demo {

namespace detail {
DemoManifest write_single_format(const std::filesystem::path& dir,
                                 const DemoOptions& opt); // single_format.cpp
} // namespace detail

namespace {

// The victims and suspects, for tagging the case built from the evidence.
void name_the_cast(DemoManifest& m, const detail::Cast& cast) {
    using detail::Role;
    for (std::size_t v = 0; v < cast.victim_count; ++v)
        m.victims.push_back({cast.contacts[v].name, cast.contacts[v].e164, cast.victim_accounts[v].iban,
                             cast.contacts[v].saved_as, cast.victim_accounts[v].holder});
    m.suspects_e164.push_back(cast.controller.e164);
    for (const auto& c : cast.contacts)
        if (c.role == Role::recruiter || c.role == Role::mule)
            m.suspects_e164.push_back(c.e164);
    m.advert_sites.push_back("nightlist"); // cast.advert_site: NIGHTLIST MEDIA LTD, "NightList ads"
}

} // namespace

DemoManifest write_demo_evidence(const std::filesystem::path& dir, const DemoOptions& opt) {
    using namespace detail;
    if (!opt.only.empty()) {
        DemoManifest m = write_single_format(dir, opt);
        name_the_cast(m, make_cast(make_plan(std::max<std::int64_t>(1, opt.events))));
        return m;
    }
    const Plan plan = make_plan(opt.events);
    const Cast cast = make_cast(plan);
    const std::filesystem::path root = dir / "evidence";
    const auto phone = root / "controller_phone";
    const auto chat = root / "victim1_whatsapp";
    const auto bank = root / "bank";
    for (const auto& d : {phone, chat, bank})
        std::filesystem::create_directories(d);

    DemoManifest m;
    std::string owner;
    const auto add = [&](const std::filesystem::path& p, const char* format, const char* holder) {
        m.files.push_back({p, format, holder, owner});
    };
    owner = cast.controller.e164; // the controller's handset: its owner is known from the seizure
    add(phone / "mmssms.db", "android-sms", "controller phone");
    write_mmssms(m.files.back().path, cast, plan, opt.seed);
    add(phone / "calllog.db", "android-calls", "controller phone");
    write_calllog(m.files.back().path, cast, plan, opt.seed);
    add(phone / "contacts2.db", "android-contacts", "controller phone");
    write_contacts(m.files.back().path, cast);
    owner = cast.contacts[0].e164; // victim 1 handed over her own chat
    add(chat / "WhatsApp Chat with Boss.txt", "whatsapp-txt", "victim 1 phone");
    write_whatsapp_txt(m.files.back().path, cast, plan, opt.seed);
    owner.clear(); // statements name their account holder themselves
    add(bank / "controller_camt053.xml", "camt", "controller bank account");
    write_camt053(m.files.back().path, cast, plan, opt.seed);
    add(bank / "mule_mt940.sta", "mt940", "money mule bank account");
    write_mt940(m.files.back().path, cast, plan, opt.seed);

    name_the_cast(m, cast);
    return m;
}

} // namespace casegraph::demo
