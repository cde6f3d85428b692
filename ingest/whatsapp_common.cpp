// WhatsApp JID resolution (see whatsapp_common.hpp).
#include "whatsapp_common.hpp"

namespace casegraph::ingest {

WaParty whatsapp_party(store::ImportWriter& w, std::string_view jid, std::int64_t source_id,
                       std::string_view label) {
    WaParty out;
    const auto at = jid.find('@');
    const std::string_view server = at == std::string_view::npos ? std::string_view{} : jid.substr(at + 1);
    if (server == "s.whatsapp.net") {
        if (const auto phone = store::phone_from_whatsapp_jid(jid)) {
            // The JID's digits are the international number: no default region is involved.
            out.entity_id = w.identifier("phone", *phone, source_id, {}).entity_id;
            w.label_if_empty(out.entity_id, label);
            return out;
        }
        out.understood = false;
    } else if (server == "g.us") {
        out.is_group = true;
    } else if (server != "lid" && server != "broadcast") {
        out.understood = false;
    }
    out.entity_id = w.handle(server == "lid" ? "whatsapp-lid" : "whatsapp", jid, source_id, label).entity_id;
    w.label_if_empty(out.entity_id, label); // a group seen before its subject was known
    return out;
}

void add_whatsapp_recipients(store::EventRecord& e, bool status_post, const WaParty& chat, bool from_me,
                             std::int64_t owner) {
    if (status_post) {
        e.attrs["status_post"] = true;
        if (!from_me)
            e.parties.push_back({owner, "recipient"});
    } else if (chat.is_group) {
        e.parties.push_back({chat.entity_id, "recipient"});
        if (!from_me)
            e.parties.push_back({owner, "recipient"});
    } else {
        e.parties.push_back({from_me ? chat.entity_id : owner, "recipient"});
    }
}

} // namespace casegraph::ingest
