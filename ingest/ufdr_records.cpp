// One UFED model → events: chats and their instant messages, SMS/MMS, calls, contacts, user accounts
// and locations (see ufdr.hpp). Each runs inside its own record: a malformed model is an error at its
// locator and the report goes on.
#include "ufdr.hpp"

namespace casegraph::ingest::ufdr {

namespace {

bool is_deleted(const XmlNode& m) {
    return m.attr("deleted_state").value_or("") == "Deleted";
}

void add_party(store::EventRecord& e, std::int64_t entity, const std::string& role) {
    if (entity == 0)
        return;
    for (const auto& p : e.parties)
        if (p.entity_id == entity && (p.role == role || role == "recipient" || p.role == "recipient"))
            return;
    e.parties.push_back({entity, role});
}

} // namespace

store::EventRecord Report::begin_event(const XmlNode& m, const std::string& inner, std::string kind,
                                       std::string app, std::string_view time_field) {
    store::EventRecord e;
    e.kind = std::move(kind);
    e.app = std::move(app);
    e.attrs = base_attrs(m);
    e.deleted = is_deleted(m);
    if (auto t = time_of(m, time_field, inner, e.attrs))
        e.time = *t;
    else
        e.time.rule = "ufdr " + std::string(time_field) + " missing";
    return e;
}

void Report::write_event(const store::EventRecord& e, const std::string& type, std::int64_t src) {
    if (e.deleted)
        ++deleted_;
    ++imported_[type];
    ctx_.writer().event(e, src);
}

void Report::model(const XmlNode& m, const std::string& inner, const std::string& type_hint) {
    ensure_owner();
    ++models_;
    const std::string type = m.attr("type").value_or(type_hint);
    if (type == "InstantMessage")
        message(m, inner, nullptr);
    else if (type == "SMS" || type == "MMS")
        sms(m, inner, type == "MMS");
    else if (type == "Call")
        call(m, inner);
    else if (type == "Contact" || type == "UserAccount")
        contact(m, inner, type == "UserAccount");
    else if (type == "Location")
        location(m, inner);
    else if (auto [it, fresh] = not_imported_.try_emplace(type.empty() ? "(no type)" : type, 1, inner);
             !fresh)
        ++it->second.first;
}

void Report::chat_begin(const XmlNode& chat_attrs, const std::string& inner) {
    ensure_owner();
    ++models_;
    chat_ = std::make_unique<Chat>();
    chat_->inner = inner;
    chat_->node = chat_attrs;
}

void Report::chat_child(const XmlNode& child) {
    if (chat_)
        chat_->node.children.push_back(child);
}

void Report::chat_message(const XmlNode& m, const std::string& inner) {
    if (!chat_)
        return;
    if (!chat_->written)
        write_chat();
    message(m, inner, chat_.get());
}

void Report::chat_end() {
    if (chat_ && !chat_->written)
        write_chat();
    chat_.reset();
}

void Report::write_chat() {
    Chat& c = *chat_;
    c.written = true;
    auto& w = ctx_.writer();
    const std::string inner = place_.prefix + c.inner;
    const bool ok = ctx_.record(inner, [&] {
        const auto src = w.source(loc(c.inner));
        const XmlNode& n = c.node;
        c.app = app_name(field(n, "Source"), "chat");
        const std::string id = field(n, "Id");
        const std::string name = field(n, "Name");
        c.thread = !id.empty() ? id : n.attr("id").value_or(c.inner);
        store::EventRecord e;
        e.kind = "system";
        e.app = c.app;
        e.thread = c.thread;
        e.deleted = is_deleted(n);
        e.attrs = base_attrs(n);
        e.attrs["record"] = "chat";
        if (auto t = time_of(n, "StartTime", c.inner, e.attrs))
            e.time = *t;
        else
            e.time.rule = "ufdr chat StartTime missing";
        if (!name.empty())
            e.attrs["chat_name"] = name;
        if (auto last = field(n, "LastActivity"); !last.empty())
            e.attrs["last_activity"] = last;
        if (id.size() > 5 && id.substr(id.size() - 5) == "@g.us")
            c.group = identity(id, name, c.app, src);
        add_party(e, c.group, "participant");
        nlohmann::json people = nlohmann::json::array();
        for (const auto* p : multi_model(n, "Participants")) {
            auto r = party(p, c.app, src);
            if (r.entity == 0)
                continue;
            if (r.owner)
                c.owner_party = r.entity;
            people.push_back({{"identifier", r.raw}, {"owner", r.owner}});
            add_party(e, r.entity, "participant");
            c.participants.push_back(std::move(r));
        }
        e.attrs["participants"] = people;
        if (e.deleted)
            ++deleted_;
        ++imported_["Chat"];
        w.event(e, src);
    });
    if (!ok) { // the chat's rows were undone: its messages name only their own parties
        c.participants.clear();
        c.group = 0;
        c.owner_party = 0;
        if (c.app.empty())
            c.app = "chat";
    }
}

void Report::add_recipients(store::EventRecord& e, const std::vector<PartyRef>& to, const Chat* chat,
                            std::int64_t sender, bool outgoing) {
    for (const auto& r : to)
        if (r.entity != sender)
            add_party(e, r.entity, "recipient");
    if (!to.empty())
        return;
    const std::int64_t me = chat != nullptr && chat->owner_party != 0 ? chat->owner_party : owner_;
    if (chat != nullptr && chat->group != 0) {
        add_party(e, chat->group, "recipient");
    } else if (chat != nullptr) {
        for (const auto& p : chat->participants)
            if (p.entity != sender && p.entity != me)
                add_party(e, p.entity, "recipient");
    }
    if (!outgoing && me != sender)
        add_party(e, me, "recipient"); // the extracted phone received it
}

void Report::message(const XmlNode& m, const std::string& inner, const Chat* chat) {
    auto& w = ctx_.writer();
    ctx_.record(place_.prefix + inner, [&] {
        const auto src = w.source(loc(inner));
        std::string source = field(m, "Source");
        if (source.empty())
            source = field(m, "SourceApplication");
        auto e = begin_event(m, inner, "message", app_name(source, chat != nullptr ? chat->app : "chat"),
                             "TimeStamp");
        e.thread = chat != nullptr ? chat->thread : field(m, "ChatId");
        if (e.thread->empty())
            e.thread.reset();
        const PartyRef from = party(model_field(m, "From"), *e.app, src);
        std::vector<PartyRef> to;
        for (const auto* p : multi_model(m, "To"))
            if (auto r = party(p, *e.app, src); r.entity != 0)
                to.push_back(std::move(r));
        const std::string folder = lower(field(m, "Folder"));
        const bool outgoing = from.owner || (from.entity != 0 && from.entity == owner_) ||
                              (from.entity == 0 && (folder == "sent" || folder == "outbox"));
        e.kind = from.system ? "system" : "message";
        e.body = body_of(m, "Body", inner, e.attrs);
        if (from.system) {
            e.direction = "unknown";
            e.attrs["system_sender"] = from.raw;
            add_party(e, chat != nullptr ? chat->group : 0, "participant");
        } else {
            e.direction = outgoing ? "outgoing" : (from.entity != 0 ? "incoming" : "unknown");
            const std::int64_t sender = from.entity != 0 ? from.entity : (outgoing ? owner_ : 0);
            if (sender == 0)
                ctx_.warning(place_.prefix + inner,
                             "instant message with no From party: the sender is unknown");
            add_party(e, sender, "sender");
            add_recipients(e, to, chat, sender, outgoing);
        }
        copy_fields(m, e.attrs,
                    {std::pair{"Status", "status"}, std::pair{"Folder", "folder"},
                     std::pair{"Identifier", "message_id"}, std::pair{"Type", "message_type"},
                     std::pair{"Platform", "platform"}});
        nlohmann::json labels = nlohmann::json::array();
        for (const auto* x : multi_model(m, "MessageExtraData"))
            if (auto l = field(*x, "Label"); !l.empty() && x->attr("type").value_or("") == "MessageLabel")
                labels.push_back(l);
        if (!labels.empty())
            e.attrs["labels"] = labels;
        // Quoted or forwarded copies are repeated inside the message: counted, not imported twice.
        if (const auto n = multi_model(m, "EmbeddedInstantMessage").size(); n > 0)
            e.attrs["embedded_messages"] = n;
        if (auto atts = attachments(m, inner, e); !atts.empty())
            e.attrs["attachments"] = std::move(atts);
        write_event(e, "InstantMessage", src);
        position(m, e, src);
    });
}

void Report::position(const XmlNode& m, const store::EventRecord& e, std::int64_t src) {
    const XmlNode* pos = model_field(m, "Position");
    if (pos == nullptr)
        return;
    const auto lat = parse_degrees(field(*pos, "Latitude"), 90);
    const auto lon = parse_degrees(field(*pos, "Longitude"), 180);
    if (!lat || !lon)
        throw std::runtime_error(ctx_.input().display_name + ": the message's Position is not a coordinate");
    store::EventRecord le;
    le.kind = "location_fix";
    le.app = e.app;
    le.seq = 1;
    le.time = e.time;
    le.deleted = e.deleted;
    le.parties = {{e.parties.empty() ? owner_ : e.parties.front().entity_id, "sender"}};
    le.attrs = {{"lat", *lat}, {"lon", *lon}, {"label", "shared"}};
    ctx_.writer().event(le, src);
}

void Report::sms(const XmlNode& m, const std::string& inner, bool mms) {
    auto& w = ctx_.writer();
    ctx_.record(place_.prefix + inner, [&] {
        const auto src = w.source(loc(inner));
        auto e = begin_event(m, inner, "message", mms ? "mms" : "sms", "TimeStamp");
        std::vector<PartyRef> from, to;
        bool owner_sent = false;
        std::int64_t me = owner_; // the owner's own party when the report names one
        for (const auto* p : multi_model(m, "Parties")) {
            auto r = party(p, *e.app, src);
            const bool is_from = lower(r.role) == "from";
            if (r.owner && r.entity != 0)
                me = r.entity;
            if (is_from && r.owner)
                owner_sent = true;
            else if (r.entity != 0 && !r.owner)
                (is_from ? from : to).push_back(std::move(r));
        }
        const std::string folder = lower(field(m, "Folder"));
        const bool outgoing = owner_sent || folder == "sent" || folder == "outbox" || folder == "draft" ||
                              (from.empty() && !to.empty() && folder != "inbox");
        e.direction = outgoing ? "outgoing" : (!from.empty() || folder == "inbox" ? "incoming" : "unknown");
        if (from.empty() && to.empty())
            ctx_.warning(place_.prefix + inner, "message with no parties: only the owner is recorded");
        const std::int64_t sender = outgoing ? me : (from.empty() ? 0 : from.front().entity);
        add_party(e, sender, "sender");
        for (const auto& r : to)
            if (r.entity != sender)
                add_party(e, r.entity, "recipient");
        if (!outgoing)
            add_party(e, me, "recipient");
        e.body = body_of(m, "Body", inner, e.attrs);
        copy_fields(m, e.attrs,
                    {std::pair{"Folder", "folder"}, std::pair{"Status", "status"}, std::pair{"SMSC", "smsc"},
                     std::pair{"Subject", "subject"}, std::pair{"Source", "source"}});
        if (auto atts = attachments(m, inner, e); !atts.empty())
            e.attrs["attachments"] = std::move(atts);
        write_event(e, mms ? "MMS" : "SMS", src);
    });
}

void Report::call(const XmlNode& m, const std::string& inner) {
    auto& w = ctx_.writer();
    ctx_.record(place_.prefix + inner, [&] {
        const auto src = w.source(loc(inner));
        auto e = begin_event(m, inner, "call", app_name(field(m, "Source"), "phone"), "TimeStamp");
        const std::string dir = lower(field(m, "Direction"));
        const std::string type = lower(field(m, "Type"));
        const std::string status = lower(field(m, "Status"));
        std::string direction = "unknown";
        for (const auto& v : {dir, type})
            if (direction == "unknown") {
                if (v == "outgoing")
                    direction = "outgoing";
                else if (v == "incoming" || v == "missed" || v == "rejected")
                    direction = "incoming";
            }
        if (direction == "unknown")
            ctx_.warning(place_.prefix + inner, "call Direction '" + field(m, "Direction") + "' / Type '" +
                                                    field(m, "Type") +
                                                    "' gives no direction; recorded as unknown");
        e.direction = direction;
        copy_fields(m, e.attrs,
                    {std::pair{"Direction", "call_direction"}, std::pair{"Type", "call_type"},
                     std::pair{"Status", "status"}, std::pair{"NetworkName", "network"},
                     std::pair{"CountryCode", "country_code"}, std::pair{"Account", "account"}});
        if (type == "missed" || type == "rejected" || status == "missed" || status == "rejected")
            e.attrs["answered"] = false;
        if (lower(field(m, "VideoCall")) == "true")
            e.attrs["video"] = true;
        if (const auto raw = field(m, "Duration"); !raw.empty()) {
            if (auto d = parse_duration(raw))
                e.attrs["duration_s"] = *d;
            else
                ctx_.warning(place_.prefix + inner,
                             "call Duration '" + raw + "' is not hh:mm:ss; kept as text");
            e.attrs["duration_raw"] = raw;
        }
        std::int64_t me = owner_;
        std::vector<PartyRef> others;
        PartyRef from_party;
        for (const auto* p : multi_model(m, "Parties")) {
            auto r = party(p, *e.app, src);
            if (r.owner && r.entity != 0)
                me = r.entity;
            else if (r.entity != 0)
                others.push_back(std::move(r));
        }
        if (others.empty()) {
            // No number: one pseudo-party per report, never an empty phone node (DOMAIN.md §2.2).
            e.attrs["withheld"] = "unknown";
            others.push_back({w.entity("phone", "withheld:" + sha_ + ":unknown", "withheld number (unknown)",
                                       src, "withheld"),
                              false, false, "", ""});
        }
        if (direction == "outgoing") {
            e.parties = {{me, "caller"}};
            for (const auto& o : others)
                add_party(e, o.entity, "callee");
        } else {
            e.parties = {{others.front().entity, "caller"}, {me, "callee"}};
            for (std::size_t i = 1; i < others.size(); ++i)
                add_party(e, others[i].entity, "participant");
        }
        write_event(e, "Call", src);
    });
}

void Report::contact(const XmlNode& m, const std::string& inner, bool account) {
    auto& w = ctx_.writer();
    ctx_.record(place_.prefix + inner, [&] {
        const auto src = w.source(loc(inner));
        const std::string type = account ? "UserAccount" : "Contact";
        auto e = begin_event(m, inner, "contact_card",
                             app_name(field(m, "Source"), account ? "account" : "contacts"), "TimeCreated");
        const std::string name = field(m, "Name");
        if (!name.empty())
            e.attrs["name"] = name;
        copy_fields(m, e.attrs,
                    {std::pair{"Source", "source"}, std::pair{"Username", "username"},
                     std::pair{"Group", "group"}, std::pair{"Notes", "notes"},
                     std::pair{"Account", "account"}, std::pair{"ServiceType", "service_type"}});
        std::vector<std::int64_t> ids;
        nlohmann::json entries = nlohmann::json::array(), names = nlohmann::json::array();
        for (const auto* en : multi_model(m, "Entries")) {
            const std::string etype = en->attr("type").value_or("");
            const std::string category = field(*en, "Category");
            const std::string value = field(*en, "Value");
            entries.push_back({{"type", etype},
                               {"category", category},
                               {"value", value},
                               {"domain", field(*en, "Domain")}});
            if (value.empty())
                continue;
            if (etype == "PhoneNumber")
                ids.push_back(w.identifier("phone", value, src, ctx_.default_region()).entity_id);
            else if (etype == "EmailAddress")
                ids.push_back(w.identifier("email", value, src).entity_id);
            else if (etype == "UserID" && lower(category).find("name") != std::string::npos)
                names.push_back(value);
            else if (etype == "UserID")
                ids.push_back(identity(value, name, *e.app, src));
        }
        if (auto u = field(m, "Username"); !u.empty())
            ids.push_back(w.handle(*e.app, u, src, name.empty() ? u : name).entity_id);
        e.attrs["entries"] = entries;
        if (!names.empty())
            e.attrs["other_names"] = names;
        for (const auto id : ids)
            w.label_if_empty(id, name);
        if (account) {
            // The device user's own account on an app: the owner and each of the account's identifiers.
            e.attrs["self"] = true;
            e.parties = {{owner_, "owner"}};
            if (ids.empty() && !name.empty())
                ids.push_back(w.handle(*e.app + "-name:" + sha_, name, src, name).entity_id);
        } else {
            const auto person =
                w.entity("person", "person:" + sha_ + ":" + loc(inner),
                         name.empty() ? "contact " + m.attr("id").value_or(inner) : name, src, "contact");
            e.parties = {{owner_, "owner"}, {person, "participant"}};
        }
        for (const auto id : ids)
            add_party(e, id, "participant");
        write_event(e, type, src);
    });
}

void Report::location(const XmlNode& m, const std::string& inner) {
    auto& w = ctx_.writer();
    ctx_.record(place_.prefix + inner, [&] {
        const XmlNode* pos = model_field(m, "Position");
        if (pos == nullptr)
            throw std::runtime_error(ctx_.input().display_name + " " + inner +
                                     ": Location has no Position coordinate; not imported");
        const auto lat = parse_degrees(field(*pos, "Latitude"), 90);
        const auto lon = parse_degrees(field(*pos, "Longitude"), 180);
        if (!lat || !lon)
            throw std::runtime_error(ctx_.input().display_name + " " + inner + ": Location latitude '" +
                                     field(*pos, "Latitude") + "' / longitude '" + field(*pos, "Longitude") +
                                     "' is not a coordinate; not imported");
        const auto src = w.source(loc(inner));
        auto e = begin_event(m, inner, "location_fix", app_name(field(m, "Source"), "location"), "TimeStamp");
        e.attrs["lat"] = *lat;
        e.attrs["lon"] = *lon;
        if (auto el = parse_degrees(field(*pos, "Elevation"), 1e6))
            e.attrs["elevation_m"] = *el;
        copy_fields(m, e.attrs,
                    {std::pair{"Name", "name"}, std::pair{"Description", "description"},
                     std::pair{"Type", "type"}, std::pair{"Category", "category"},
                     std::pair{"Origin", "origin"}, std::pair{"Precision", "precision"},
                     std::pair{"PositionAddress", "address"}});
        e.attrs["label"] = "measured";
        e.parties = {{owner_, "owner"}};
        write_event(e, "Location", src);
    });
}

} // namespace casegraph::ingest::ufdr
