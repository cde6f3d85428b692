// Display-name chats and linked media (see chat_names.hpp). The rule is the WhatsApp text export's: a name
// means something only inside its export, a name that is a phone number is that number, and without the
// owner among the senders "incoming" is only certain when one other person writes.
#include "chat_names.hpp"

#include "evidence_owner.hpp"
#include "whatsapp_lines.hpp"

namespace casegraph::ingest {

void NamedChat::settle(const std::set<std::string>& names, const std::string& inferred_owner, bool grouped,
                       std::int64_t src) {
    inferred_owner_ = inferred_owner;
    owner_ = inferred_owner_.empty()
                 ? evidence_owner(ctx_, src)
                 : ctx_.writer().handle(scope_, inferred_owner_, src, inferred_owner_).entity_id;
    bool owner_named = !inferred_owner_.empty();
    for (const auto& n : names) {
        if (is_owner_name(n))
            owner_named = true;
        else if (!n.empty())
            people_.insert(n);
    }
    direction_known_ = owner_named || people_.size() <= 1;
    // With the owner unknown, the owner is one of the people: two people may still be a private chat.
    group_ = grouped || people_.size() > (owner_named ? 1U : 2U);
}

bool NamedChat::is_owner_name(const std::string& name) const {
    if (!inferred_owner_.empty() && name == inferred_owner_)
        return true;
    const auto& owner = ctx_.options().owner;
    return !owner.empty() && (name == owner || format_ + ":" + name == owner);
}

std::int64_t NamedChat::party(const std::string& name, std::int64_t src) {
    if (is_owner_name(name))
        return owner_;
    auto& w = ctx_.writer();
    if (whatsapp::looks_like_phone(name))
        return w.identifier("phone", name, src, ctx_.default_region()).entity_id;
    return w.handle(scope_, name, src, name).entity_id;
}

std::int64_t NamedChat::recipient(std::int64_t from, const std::string& sender, std::int64_t src) {
    const bool from_owner = from != 0 && from == owner_;
    if (group_)
        return from_owner ? 0 : owner_; // a group message the exporting user received
    if (from_owner)
        return people_.size() == 1 ? party(*people_.begin(), src) : 0;
    if (people_.size() == 2 && !direction_known_) {
        for (const auto& p : people_)
            if (p != sender)
                return party(p, src);
        return 0;
    }
    return owner_;
}

std::string NamedChat::direction(std::int64_t from) const {
    if (from == 0)
        return "unknown";
    if (from == owner_)
        return "outgoing";
    return direction_known_ ? "incoming" : "unknown";
}

void write_linked_media(ImportContext& ctx, const ArchiveSibling& member, const store::EventRecord& message,
                        const std::string& inner, nlohmann::json& md) {
    md["sha256"] = member.sha256;
    md["size"] = member.size;
    md["locator"] = member.locator;
    store::EventRecord me;
    me.kind = "media";
    me.app = message.app;
    me.thread = message.thread;
    me.time = message.time;
    me.direction = message.direction;
    me.parties = message.parties;
    me.attrs = {{"file", member.path},
                {"sha256", member.sha256},
                {"size", member.size},
                {"message_locator", ctx.locator(inner)}};
    ctx.writer().event(me, ctx.writer().source(member.locator));
}

void link_or_mark_missing(ImportContext& ctx, const ArchiveSibling* found, store::EventRecord& e,
                          const std::string& inner, nlohmann::json& md, std::int64_t& linked,
                          std::int64_t& missing, bool expected) {
    if (found) {
        ++linked;
        write_linked_media(ctx, *found, e, inner, md);
    } else if (expected) {
        ++missing;
        md["missing"] = true;
        e.attrs["media_missing"] = true;
    }
}

} // namespace casegraph::ingest
