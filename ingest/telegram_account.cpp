// The account parts of a whole-account Telegram export (see telegram_message.hpp): the exporter's
// personal information and the contacts list, each a contact_card event.
#include "telegram_message.hpp"

namespace casegraph::ingest::telegram {

namespace sj = simdjson::ondemand;

void Reader::personal_information(sj::object obj) {
    const std::string inner = "json:/personal_information";
    std::optional<std::string> user_id, first, last, username, phone, bio;
    for (auto field : obj) {
        sj::field f = take(std::move(field), "personal_information");
        const std::string key(take(f.unescaped_key(), "personal_information key"));
        auto v = scalar(f.value(), key.c_str());
        if (key == "user_id")
            user_id = v;
        else if (key == "first_name")
            first = v;
        else if (key == "last_name")
            last = v;
        else if (key == "username")
            username = v;
        else if (key == "phone_number")
            phone = v;
        else if (key == "bio")
            bio = v;
    }
    ctx_.record(inner, [&] {
        auto& w = ctx_.writer();
        const auto src = w.source(ctx_.locator(inner));
        std::string name = first.value_or("");
        if (last && !last->empty())
            name += (name.empty() ? "" : " ") + *last;
        if (!user_id)
            throw std::runtime_error(input_.display_name + " " + inner + ": no user_id");
        owner_key_ = "user" + *user_id;
        const auto account =
            w.handle("telegram", owner_key_, src, name.empty() ? owner_key_ : name).entity_id;
        if (owner_ == 0)
            owner_ = account;
        store::EventRecord e;
        e.kind = "contact_card";
        e.app = "telegram";
        e.attrs = {{"self", true}, {"name", name}};
        if (username)
            e.attrs["username"] = *username;
        if (bio)
            e.attrs["bio"] = *bio;
        e.parties = {{account, "owner"}};
        if (owner_ != account)
            e.parties.push_back({owner_, "participant"}); // --owner and the export's account: the same person
        if (phone && !phone->empty()) {
            e.attrs["phone_number"] = *phone;
            e.parties.push_back(
                {w.identifier("phone", *phone, src, ctx_.default_region()).entity_id, "participant"});
        }
        if (username && !username->empty())
            w.handle("telegram-username", *username, src, name);
        w.event(e, src);
    });
}

void Reader::contacts(sj::object obj) {
    for (auto field : obj) {
        sj::field f = take(std::move(field), "contacts");
        const std::string_view k = take(f.unescaped_key(), "contacts key");
        if (k != "list")
            continue;
        std::size_t i = 0;
        for (auto el : take(f.value().get_array(), "contacts list")) {
            const std::string inner = "json:/contacts/list/" + std::to_string(i++);
            Message fields; // reuse the tolerant reader: contacts are flat objects of scalars
            read_message(take(std::move(el), "contact"), fields);
            ctx_.record(inner, [&] {
                if (!fields.problems.empty())
                    throw std::runtime_error(input_.display_name + " " + inner + ": malformed contact (" +
                                             fields.problems.front() + ")");
                auto& w = ctx_.writer();
                const auto src = w.source(ctx_.locator(inner));
                auto get = [&](const char* key) -> std::string {
                    auto it = fields.extra.find(key);
                    if (it == fields.extra.end())
                        return {};
                    return it->is_string()   ? it->get<std::string>()
                           : it->is_number() ? it->dump()
                                             : std::string();
                };
                std::string name = get("first_name");
                if (const auto last = get("last_name"); !last.empty())
                    name += (name.empty() ? "" : " ") + last;
                const std::string phone = get("phone_number");
                store::EventRecord e;
                e.kind = "contact_card";
                e.app = "telegram";
                e.attrs = {{"name", name}};
                if (fields.date_unixtime || fields.date)
                    e.time = message_time(fields, inner, e.attrs);
                const auto person = w.entity("person", "person:" + w.evidence_sha256() + ":" + inner,
                                             name.empty() ? phone : name, src, "contact");
                e.parties = {{owner(src), "owner"}, {person, "participant"}};
                if (!phone.empty()) {
                    e.attrs["phone_number"] = phone;
                    const auto id = w.identifier("phone", phone, src, ctx_.default_region()).entity_id;
                    w.label_if_empty(id, name);
                    e.parties.push_back({id, "participant"});
                }
                if (const auto uid = get("user_id"); !uid.empty())
                    e.parties.push_back(
                        {w.handle("telegram", "user" + uid, src, name).entity_id, "participant"});
                ++contacts_;
                w.event(e, src);
            });
        }
    }
}

} // namespace casegraph::ingest::telegram
