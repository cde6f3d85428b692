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

} // namespace casegraph::ingest
