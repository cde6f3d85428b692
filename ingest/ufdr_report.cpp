// The UFDR report as a whole: project metadata, the device and its owner, who a party is, attachments
// resolved to archive members, and the closing notes (see ufdr.hpp; the records are in ufdr_records.cpp).
#include "evidence_owner.hpp"
#include "text_encoding.hpp"
#include "ufdr.hpp"
#include "whatsapp_common.hpp"

namespace casegraph::ingest::ufdr {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string app_name(std::string_view source, std::string_view fallback) {
    std::string s = lower(source);
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    if (s.empty())
        return std::string(fallback);
    if (s.rfind("whatsapp", 0) == 0)
        return "whatsapp"; // WhatsApp and WhatsApp Business share JIDs
    if (s == "facebook messenger")
        return "messenger";
    for (auto& c : s)
        if (c == ' ')
            c = '-';
    return s;
}

namespace {

// Apps whose party identifiers are phone numbers when they look like one (elsewhere a number is a
// user id: Telegram, Facebook, Instagram).
bool phone_app(std::string_view app) {
    for (std::string_view a : {"sms", "mms", "phone", "whatsapp", "signal", "viber", "imessage", "facetime",
                               "native", "messages", "chat", "contacts", "account"})
        if (a == app)
            return true;
    return false;
}

bool phone_like(std::string_view s) {
    int digits = 0;
    for (const char c : s) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            ++digits;
        else if (c != '+' && c != ' ' && c != '(' && c != ')' && c != '-' && c != '.' && c != '/')
            return false;
    }
    return digits >= 3 && digits <= 20;
}

bool email_like(std::string_view s) {
    const auto at = s.find('@');
    return at != std::string_view::npos && at > 0 && s.find('@', at + 1) == std::string_view::npos &&
           s.find(' ') == std::string_view::npos && s.find('.', at) != std::string_view::npos;
}

const char* const kMsisdnNames[] = {"MSISDN", "LastUsedMSISDN", "Last Used MSISDN", "Phone Number",
                                    "Own Number"};
const char* const kImeiNames[] = {"IMEI", "IMEI1", "IMEI 1"};
const char* const kModelNames[] = {
    "Model", "DeviceModel", "Device Model", "Detected Phone Model", "DeviceInfoSelectedModel", "Device Name"};

} // namespace

Report::Report(ImportContext& ctx, Place place)
    : ctx_(ctx), place_(std::move(place)), sha_(ctx.writer().evidence_sha256()) {
    if (place_.members == nullptr)
        return;
    for (const auto& m : *place_.members) {
        const auto safe = safe_member_path(m.path);
        if (!safe) {
            // The extraction already wrote it under a generated private name; it is never looked up.
            ctx_.writer().diagnostic(
                m.locator, store::Severity::warning,
                "archive member path '" + m.path +
                    "' is absolute or climbs out with '..' (zip-slip): kept only under a "
                    "private name, never linked to any record");
            ++refused_;
            continue;
        }
        by_path_.emplace(*safe, &m);
    }
}

Report::~Report() = default;

std::string Report::loc(const std::string& inner) const {
    return ctx_.locator(place_.prefix + inner);
}

void Report::project(const XmlNode& root) {
    for (const auto& [k, v] : root.attrs)
        if (k == "reportVersion" || k == "name" || k == "id" || k == "NodeCount" || k == "ModelCount")
            ctx_.note("project." + k, v);
}

void Report::metadata(const XmlNode& section, const std::string& inner) {
    const std::string name = section.attr("section").value_or("");
    if (name == "Device Info" && device_inner_.empty())
        device_inner_ = inner;
    auto& out = device_all_[name.empty() ? "(unnamed)" : name];
    for (const auto& item : section.children) {
        if (item.name != "item")
            continue;
        const std::string key = item.attr("name").value_or("");
        const std::string value = item.trimmed_text();
        if (key.empty())
            continue;
        if (!out.contains(key))
            out[key] = value;
        else if (out[key].is_array())
            out[key].push_back(value);
        else
            out[key] = nlohmann::json::array({out[key], value});
        // Device Info first: a later section never replaces what the device section said.
        if (!value.empty() && (name == "Device Info" || !device_.count(key)))
            device_.emplace(key, value);
    }
}

void Report::extractions(const XmlNode& node) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& x : node.children)
        if (x.name == "extractionInfo") {
            const auto id = x.attr("id").value_or("");
            const auto name = x.attr("name").value_or("");
            extractions_[id] = name;
            list.push_back({{"id", id}, {"name", name}});
        }
    ctx_.note("extractions", list);
}

void Report::case_information(const XmlNode& node) {
    nlohmann::json info = nlohmann::json::object();
    for (const auto& f : node.children)
        if (f.name == "field")
            info[f.attr("name").value_or("(unnamed)")] = f.trimmed_text();
    ctx_.note("case_information", info);
}

void Report::tagged_file(const XmlNode& file, const std::string& inner) {
    ++tagged_files_;
    if (place_.members == nullptr)
        return;
    const auto id = file.attr("id").value_or("");
    std::string local;
    for (const auto& md : file.children)
        if (md.name == "metadata")
            for (const auto& item : md.children)
                if (item.name == "item" && item.attr("name").value_or("") == "Local Path")
                    local = item.trimmed_text();
    if (id.empty() || local.empty())
        return;
    if (const auto* m = member(local, inner))
        by_file_id_.emplace(id, m);
}

const ArchiveSibling* Report::member(const std::string& raw_path, const std::string& inner) {
    const auto safe = safe_member_path(raw_path);
    if (!safe) {
        ++refused_;
        ctx_.warning(place_.prefix + inner, "path '" + raw_path +
                                                "' is absolute or climbs out with '..' (zip-slip): refused, "
                                                "never looked up");
        return nullptr;
    }
    if (place_.members == nullptr)
        return nullptr;
    const auto it = by_path_.find(place_.dir + *safe);
    return it == by_path_.end() ? nullptr : it->second;
}

void Report::ensure_owner() {
    if (device_written_)
        return;
    device_written_ = true;
    auto& w = ctx_.writer();
    const std::string inner = place_.prefix + (device_inner_.empty() ? root_inner_ : device_inner_);
    if (!device_.empty()) {
        const bool ok = ctx_.record(inner, [&] { write_device(w.source(ctx_.locator(inner))); });
        if (!ok) {
            owner_ = 0; // its rows were undone
            device_entity_ = 0;
        }
    }
    if (owner_ == 0)
        owner_ = evidence_owner(ctx_, w.source(ctx_.locator(inner)));
}

void Report::write_device(std::int64_t src) {
    auto& w = ctx_.writer();
    auto first = [&](const auto& names) {
        for (const char* n : names)
            if (auto it = device_.find(n); it != device_.end())
                return it->second;
        return std::string();
    };
    const std::string msisdn = first(kMsisdnNames);
    const std::string imei = first(kImeiNames);
    const std::string model = first(kModelNames);
    const auto analyst = ctx_.owner_entity(src);
    const std::int64_t phone =
        msisdn.empty() ? 0 : w.identifier("phone", msisdn, src, ctx_.default_region()).entity_id;
    owner_ = analyst != 0 ? analyst : phone;
    if (analyst != 0 && phone != 0 && analyst != phone)
        ctx_.warning(place_.prefix + device_inner_,
                     "--owner names another entity than the extraction's own number " + msisdn +
                         ": --owner is the owner, the number is kept as a participant of the device record");
    if (owner_ == 0)
        owner_ = evidence_owner(ctx_, src);
    device_entity_ = imei.empty() ? w.entity("device", "ufdr-device:" + sha_,
                                             "device of " + ctx_.input().display_name, src, "device")
                                  : w.identifier("imei", imei, src).entity_id;
    w.label_if_empty(device_entity_, model);
    store::EventRecord e;
    e.kind = "contact_card";
    e.app = "device";
    e.time.rule = "ufdr device information carries no time";
    e.attrs = {{"self", true}, {"device_info", device_all_}};
    if (!msisdn.empty())
        e.attrs["msisdn"] = msisdn;
    if (!imei.empty())
        e.attrs["imei"] = imei;
    if (!model.empty())
        e.attrs["model"] = model;
    e.attrs["owner_from"] = analyst != 0 ? "--owner" : (phone != 0 ? "extraction MSISDN" : "placeholder");
    e.parties = {{owner_, "owner"}, {device_entity_, "device"}};
    if (phone != 0 && phone != owner_)
        e.parties.push_back({phone, "participant"});
    if (auto it = device_.find("IMSI"); it != device_.end())
        e.parties.push_back({w.identifier("imsi", it->second, src).entity_id, "participant"});
    w.event(e, src);
}

std::int64_t Report::identity(const std::string& raw, const std::string& name, const std::string& app,
                              std::int64_t src) {
    auto& w = ctx_.writer();
    if (raw.empty()) // a name alone only means something inside this report
        return w.handle("ufdr-name:" + sha_, name, src, name).entity_id;
    for (std::string_view server : {"@s.whatsapp.net", "@g.us", "@lid", "@broadcast"})
        if (raw.find(server) != std::string::npos)
            return whatsapp_party(w, raw, src, name).entity_id;
    std::int64_t id = 0;
    if (email_like(raw))
        id = w.identifier("email", raw, src).entity_id;
    else if (phone_like(raw) && (phone_app(app) || raw.front() == '+'))
        id = w.identifier("phone", raw, src, ctx_.default_region()).entity_id;
    else
        return w.handle(app.empty() ? "ufdr" : app, raw, src, name.empty() ? raw : name).entity_id;
    w.label_if_empty(id, name);
    return id;
}

PartyRef Report::party(const XmlNode* p, const std::string& app, std::int64_t src) {
    PartyRef r;
    if (p == nullptr)
        return r;
    r.raw = field(*p, "Identifier");
    const std::string name = field(*p, "Name");
    r.role = field(*p, "Role");
    r.owner = lower(field(*p, "IsPhoneOwner")) == "true";
    if (r.raw.empty() && name.empty())
        return r;
    if (lower(r.raw) == "system message" || lower(r.raw) == "system") {
        r.system = true;
        return r;
    }
    if (r.raw.empty())
        r.raw = name;
    r.entity = identity(field(*p, "Identifier"), name, app, src);
    return r;
}

nlohmann::json Report::base_attrs(const XmlNode& m) const {
    nlohmann::json u = nlohmann::json::object();
    for (const auto& [k, key] :
         {std::pair{"type", "model"}, std::pair{"id", "id"}, std::pair{"deleted_state", "deleted_state"},
          std::pair{"decoding_confidence", "decoding_confidence"}, std::pair{"source_index", "source_index"},
          std::pair{"extractionId", "extraction_id"}})
        if (auto v = m.attr(k))
            u[key] = *v;
    if (auto x = m.attr("extractionId"))
        if (auto it = extractions_.find(*x); it != extractions_.end())
            u["extraction"] = it->second;
    if (auto jt = jump_targets(m); !jt.empty())
        u["jumptargets"] = jt;
    return {{"ufdr", u}};
}

std::optional<store::EventTime> Report::time_of(const XmlNode& m, std::string_view name,
                                                const std::string& inner, nlohmann::json& attrs) {
    const auto v = field_value(m, name);
    if (v.text.find_first_not_of(" \t\r\n") == std::string::npos)
        return std::nullopt;
    std::string problem;
    auto t = parse_time(v.text, ctx_.options().tz, problem, attrs);
    if (!t)
        ctx_.error(place_.prefix + inner, ctx_.input().display_name + " " + inner + ": " + std::string(name) +
                                              ": " + problem + "; the record is imported without a time");
    return t;
}

std::optional<std::string> Report::body_of(const XmlNode& m, std::string_view name, const std::string& inner,
                                           nlohmann::json& attrs) {
    auto v = field_value(m, name);
    if (!v.present || v.text.empty())
        return std::nullopt;
    if (!v.problem.empty())
        ctx_.warning(place_.prefix + inner, std::string(name) + " " + v.problem);
    if (v.base64) {
        attrs["body_base64"] = true;
        if (!is_valid_utf8(v.text)) {
            ctx_.warning(place_.prefix + inner,
                         std::string(name) + " decodes from Base64 to bytes that are not UTF-8 text: kept "
                                             "as the Base64 found");
            attrs["body_base64_not_text"] = true;
            return v.raw;
        }
    }
    return v.text;
}

nlohmann::json Report::attachments(const XmlNode& m, const std::string& inner, const store::EventRecord& e) {
    auto& w = ctx_.writer();
    std::vector<const XmlNode*> list = multi_model(m, "Attachments");
    if (const auto* one = model_field(m, "Attachment"))
        list.push_back(one);
    nlohmann::json out = nlohmann::json::array();
    for (const auto* a : list) {
        ++attachments_;
        nlohmann::json j = nlohmann::json::object();
        copy_fields(*a, j,
                    {std::pair{"Filename", "filename"}, std::pair{"ContentType", "content_type"},
                     std::pair{"URL", "url"}, std::pair{"Title", "title"},
                     std::pair{"attachment_extracted_path", "extracted_path"}});
        if (auto id = a->attr("id"))
            j["id"] = *id;
        const auto file_id = a->attr("file_id").value_or("");
        if (!file_id.empty())
            j["file_id"] = file_id;
        for (const auto& d : a->children)
            if (d.name == "dataField")
                if (const auto* s = d.child("source"))
                    for (const auto& [k, v] : s->attrs)
                        j["data"][k] = v;
        const ArchiveSibling* s = nullptr;
        if (j.contains("extracted_path")) {
            const auto path = j["extracted_path"].get<std::string>();
            if (!safe_member_path(path))
                j["refused"] = true; // member() says why
            s = member(path, inner);
        }
        if (s == nullptr && !file_id.empty())
            if (auto it = by_file_id_.find(file_id); it != by_file_id_.end())
                s = it->second;
        if (s != nullptr) {
            ++linked_;
            linked_members_.insert(s->path);
            j["sha256"] = s->sha256;
            j["size"] = s->size;
            j["locator"] = s->locator;
            // The file as its own event, sourced at its archive member (one seq per message using it).
            store::EventRecord me;
            me.kind = "media";
            me.app = e.app;
            me.thread = e.thread;
            me.time = e.time;
            me.direction = e.direction;
            me.parties = e.parties;
            me.deleted = e.deleted;
            me.seq = media_seq_[s->path]++;
            me.attrs = {
                {"file", s->path}, {"sha256", s->sha256}, {"size", s->size}, {"message_locator", loc(inner)}};
            w.event(me, w.source(s->locator));
        } else if (place_.members != nullptr && !j.contains("refused") &&
                   (j.contains("extracted_path") || !file_id.empty())) {
            ++missing_;
            j["missing"] = true;
            ctx_.warning(place_.prefix + inner, "media missing: attachment " + j.value("filename", file_id) +
                                                    " is referenced but not in the archive");
        }
        out.push_back(std::move(j));
    }
    return out;
}

void Report::finish(std::int64_t replaced_chars, const std::string& root_inner) {
    if (root_inner_.empty())
        root_inner_ = root_inner;
    if (!device_.empty())
        ensure_owner(); // a report with device information and no models still records the device
    nlohmann::json imported = nlohmann::json::object();
    for (const auto& [k, n] : imported_)
        imported[k] = n;
    ctx_.note("models_imported", imported);
    nlohmann::json skipped = nlohmann::json::object();
    for (const auto& [type, v] : not_imported_) {
        skipped[type] = v.first;
        ctx_.warning(place_.prefix + v.second, std::to_string(v.first) + " model(s) of type " + type +
                                                   " are not imported by this version (first one here); they "
                                                   "stay in the evidence");
    }
    ctx_.note("models_not_imported", skipped);
    ctx_.note("deleted_records", deleted_);
    ctx_.note("attachments", {{"referenced", attachments_},
                              {"linked", linked_},
                              {"missing", missing_},
                              {"refused_paths", refused_}});
    ctx_.note("tagged_files", tagged_files_);
    if (place_.members != nullptr)
        ctx_.note("archive_members_not_referenced", static_cast<std::int64_t>(place_.members->size()) - 1 -
                                                        static_cast<std::int64_t>(linked_members_.size()));
    ctx_.note("control_characters_replaced", replaced_chars);
    if (replaced_chars > 0)
        ctx_.warning(place_.prefix + root_inner, std::to_string(replaced_chars) +
                                                     " character(s) XML forbids (control characters, bytes "
                                                     "that are not UTF-8) were replaced with U+FFFD");
}

} // namespace casegraph::ingest::ufdr
