// A Cellebrite UFED extraction of the controller's phone as its report.xml (the report inside a .ufdr):
// Device Info with his number, his contacts, SMS, calls and his WhatsApp chats, one Chat model per
// contact with its InstantMessages. Written model by model; only the per-chat message counts are held.
#include "more_formats.hpp"

namespace casegraph::demo::detail {

namespace {

class Report {
  public:
    Report(std::ofstream& out, Rng& rng) : out_(out), rng_(rng) {}

    // <model type=... id=... ...> with the attributes every UFED model carries.
    void open_model(const char* type, const char* indent, bool deleted = false) {
        out_ << indent << "<model type=\"" << type << "\" id=\"" << lower_uuid() << "\" deleted_state=\""
             << (deleted ? "Deleted" : "Intact")
             << "\" decoding_confidence=\"High\" isrelated=\"False\" source_index=\"" << ++source_index_
             << "\" extractionId=\"0\">\n";
    }
    void field(const char* name, const std::string& value, const char* type = "String") {
        out_ << "      <field name=\"" << name << "\" type=\"" << type << "\"><value type=\"" << type
             << "\"><![CDATA[" << value << "]]></value></field>\n";
    }
    void time_field(const char* name, std::int64_t utc) {
        out_ << "      <field name=\"" << name
             << "\" type=\"TimeStamp\"><value type=\"TimeStamp\" format=\"TimeStampKnown\">"
             << london_iso(utc) << "</value></field>\n";
    }
    // A Party model: the identifier, its role (From/To, or none in a chat's participant list), the name
    // the phone shows and whether it is the phone's owner.
    void party(const std::string& id, const char* role, const std::string& name, bool owner) {
        out_ << "<model type=\"Party\" id=\"" << lower_uuid()
             << "\" deleted_state=\"Unknown\" decoding_confidence=\"High\" extractionId=\"0\">\n";
        field("Identifier", id);
        if (role != nullptr)
            field("Role", role, "PartyRole");
        if (!name.empty())
            field("Name", name);
        field("IsPhoneOwner", owner ? "True" : "False", "Boolean");
        out_ << "</model>\n";
    }
    std::string lower_uuid() {
        std::string u = uuid_upper(rng_);
        for (char& ch : u)
            if (ch >= 'A' && ch <= 'F')
                ch = static_cast<char>(ch + 32);
        return u;
    }

  private:
    std::ofstream& out_;
    Rng& rng_;
    std::int64_t source_index_ = 1000;
};

std::string duration(std::int64_t s) {
    return pad_digits(s / 3600, 2) + ":" + pad_digits(s / 60 % 60, 2) + ":" + pad_digits(s % 60, 2);
}

std::string wa_jid(const Contact& c) {
    return c.e164.substr(1) + "@s.whatsapp.net";
}

} // namespace

Files write_ufdr_report(const std::filesystem::path& root, const Cast& cast, const Plan& plan, std::int64_t n,
                        std::uint64_t seed) {
    const auto file = root / "UFED Marek Dunmore iPhone" / "report.xml";
    auto out = open_text(file);
    Rng rng(seed, static_cast<std::uint64_t>(MoreStream::ufdr));
    Report r(out, rng);
    // n records: 40 % SMS, 25 % calls, the rest WhatsApp messages.
    const std::int64_t sms = n * 40 / 100;
    const std::int64_t calls = n * 25 / 100;
    const std::int64_t im = n - sms - calls;
    const Contact& me = cast.controller;

    out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        << "<project id=\"" << r.lower_uuid()
        << "\" name=\"Marek Dunmore iPhone\" reportVersion=\"7.60.0.0\" licenseID=\"DEMO\" "
           "containsGarbage=\"False\" extractionType=\"AdvancedLogical\" "
           "xmlns=\"http://pa.cellebrite.com/report/2.0\">\n"
        << "  <sourceExtractions>\n    <extractionInfo id=\"0\" name=\"Advanced Logical\" "
           "isCustomName=\"False\" "
           "type=\"AdvancedLogical\" deviceName=\"iPhone\" fullName=\"Apple iPhone 12\" index=\"0\" "
           "IsPartialData=\"False\" />\n  </sourceExtractions>\n"
        << "  <caseInformation>\n    <field name=\"Case number\" isSystem=\"True\">DEMO-2024-0117</field>\n"
        << "    <field name=\"Examiner name\" isSystem=\"True\">Demo Examiner</field>\n  </caseInformation>\n"
        << "  <metadata section=\"Additional Fields\">\n    <item name=\"Extraction start date/time\">"
           "<![CDATA[01/07/2024 09:00:00]]></item>\n  </metadata>\n"
        << "  <metadata section=\"Device Info\">\n"
        << "    <item id=\"" << r.lower_uuid()
        << "\" name=\"IMEI\" sourceExtraction=\"0\"><![CDATA[356938035643809]]></item>\n"
        << "    <item id=\"" << r.lower_uuid() << "\" name=\"MSISDN\" sourceExtraction=\"0\"><![CDATA["
        << me.e164 << "]]></item>\n"
        << "    <item id=\"" << r.lower_uuid()
        << "\" name=\"Model\" sourceExtraction=\"0\"><![CDATA[iPhone 12 (A2403)]]></item>\n"
        << "    <item id=\"" << r.lower_uuid()
        << "\" name=\"Vendor\" sourceExtraction=\"0\"><![CDATA[Apple]]></item>\n  </metadata>\n"
        << "  <taggedFiles />\n  <decodedData>\n";

    // Contacts: the address book (saved numbers only).
    out << "  <modelType type=\"Contact\">\n";
    for (std::size_t k = 0; k < cast.contacts.size(); ++k) {
        const Contact& c = cast.contacts[k];
        if (!c.saved)
            continue;
        r.open_model("Contact", "    ");
        r.field("Source", "Phone");
        r.field("Name", c.saved_as);
        out << "      <multiModelField name=\"Entries\" type=\"ContactEntry\">\n";
        out << "<model type=\"PhoneNumber\" id=\"" << r.lower_uuid()
            << "\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n";
        r.field("Category", c.landline ? "Home" : "Mobile");
        r.field("Value", typed_form(c, k));
        out << "</model>\n";
        if (!c.email.empty()) {
            out << "<model type=\"EmailAddress\" id=\"" << r.lower_uuid()
                << "\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n";
            r.field("Category", "Home");
            r.field("Value", c.email);
            out << "</model>\n";
        }
        out << "      </multiModelField>\n    </model>\n";
    }
    out << "  </modelType>\n";

    // SMS: sent ones show the number as typed, received ones the network's +44 form.
    out << "  <modelType type=\"SMS\">\n";
    for (std::int64_t i = 0; i < sms; ++i) {
        const std::int64_t t = spread_time(plan, i, sms, rng);
        const std::size_t who = pick_contact(cast, i, rng, true);
        const Contact& c = cast.contacts[who];
        const bool sent = rng.percent(50);
        r.open_model("SMS", "    ", i % 250 == 249);
        r.field("Source", "SMS Messages");
        r.time_field("TimeStamp", t);
        r.field("Folder", sent ? "Sent" : "Inbox");
        r.field("Status", sent ? "Sent" : "Read");
        r.field("Body", sms_body(c.role, sent, rng));
        if (!sent)
            r.field("SMSC", cast.sms_centre);
        out << "      <multiModelField name=\"Parties\" type=\"Party\">\n";
        r.party(sent ? typed_form(c, who) : c.e164, sent ? "To" : "From", c.saved ? c.saved_as : "", false);
        out << "      </multiModelField>\n    </model>\n";
    }
    out << "  </modelType>\n";

    out << "  <modelType type=\"Call\">\n";
    for (std::int64_t i = 0; i < calls; ++i) {
        const std::int64_t t = spread_time(plan, i, calls, rng);
        const std::size_t who = pick_contact(cast, i, rng, false);
        const Contact& c = cast.contacts[who];
        const bool out_call = rng.percent(55);
        const bool missed = !out_call && rng.percent(33);
        const std::int64_t secs = missed ? 0 : rng.range(4, 600);
        r.open_model("Call", "    ");
        r.field("Source", "Phone");
        r.field("Direction", out_call ? "Outgoing" : "Incoming");
        r.field("Type", out_call ? "Outgoing" : (missed ? "Missed" : "Incoming"));
        r.field("Status", missed ? "Missed" : "Established");
        r.time_field("TimeStamp", t);
        r.field("Duration", duration(secs), "TimeSpan");
        r.field("CountryCode", "gb");
        out << "      <multiModelField name=\"Parties\" type=\"Party\">\n";
        r.party(out_call ? typed_form(c, who) : c.e164, out_call ? "To" : "From", c.saved ? c.saved_as : "",
                false);
        out << "      </multiModelField>\n    </model>\n";
    }
    out << "  </modelType>\n";

    // WhatsApp: one chat per contact on WhatsApp; picks of someone who is not go to the victims.
    std::vector<std::int64_t> per_chat(cast.contacts.size(), 0);
    for (std::int64_t i = 0; i < im; ++i) {
        std::size_t who = pick_contact(cast, i, rng, true);
        if (!cast.contacts[who].on_whatsapp)
            who = static_cast<std::size_t>(i) % cast.victim_count;
        ++per_chat[who];
    }
    out << "  <modelType type=\"Chat\">\n";
    const std::string my_jid = wa_jid(me);
    for (std::size_t k = 0; k < cast.contacts.size(); ++k) {
        if (per_chat[k] == 0)
            continue;
        const Contact& c = cast.contacts[k];
        const std::int64_t first = spread_time(plan, 0, per_chat[k], rng);
        r.open_model("Chat", "    ");
        r.field("Source", "WhatsApp");
        r.field("Id", wa_jid(c));
        r.field("Name", c.saved_as);
        r.time_field("StartTime", first);
        out << "      <multiModelField name=\"Participants\" type=\"Party\">\n";
        r.party(my_jid, nullptr, "Me", true);
        r.party(wa_jid(c), nullptr, c.saved_as, false);
        out << "      </multiModelField>\n      <multiModelField name=\"Messages\" "
               "type=\"InstantMessage\">\n";
        for (std::int64_t i = 0; i < per_chat[k]; ++i) {
            const std::int64_t t = spread_time(plan, i, per_chat[k], rng);
            const bool mine = rng.percent(50);
            r.open_model("InstantMessage", "        ", i % 300 == 299);
            r.field("Source", "WhatsApp");
            out << "      <modelField name=\"From\" type=\"Party\">\n";
            if (mine)
                r.party(my_jid, nullptr, "Me", true);
            else
                r.party(wa_jid(c), nullptr, c.saved_as, false);
            out << "      </modelField>\n      <multiModelField name=\"To\" type=\"Party\">\n";
            if (mine)
                r.party(wa_jid(c), nullptr, c.saved_as, false);
            else
                r.party(my_jid, nullptr, "Me", true);
            out << "      </multiModelField>\n";
            r.field("Body", sms_body(c.role, mine, rng));
            r.time_field("TimeStamp", t);
            out << "    </model>\n";
        }
        out << "      </multiModelField>\n    </model>\n";
    }
    out << "  </modelType>\n  </decodedData>\n</project>\n";
    finish_text(out, file);
    return {{file, "ufdr", "controller iPhone (UFED extraction)", me.e164}};
}

} // namespace casegraph::demo::detail
