// Hand-built case fixtures for the graph tests (see fixture.hpp).
#include "fixture.hpp"

#include "store/annotations.hpp"
#include "store/evidence.hpp"
#include "store/time.hpp"

#include <cctype>
#include <cstdio>

namespace casegraph::test {

std::int64_t day_ms(int day, int hour) {
    return store::civil_to_utc_ms({2024, 3, day, hour, 0, 0, 0});
}

GraphFixture::GraphFixture() : path_(dir / "g.case") {
    cf = std::make_unique<store::CaseFile>(store::CaseFile::create(path_, {.region = "GB"}, "tester"));
    next_evidence("phone-a.db");
}

void GraphFixture::next_evidence(const std::string& name) {
    write_file(dir / name, "evidence " + name);
    const auto reg = store::register_evidence(*cf, dir / name, "tester");
    cf->db()
        .prepare(
            "INSERT INTO import_run(evidence_id, importer, importer_version, params, started_at, status) "
            "VALUES (?1, 'test', '1', '{}', '2024-01-01T00:00:00.000Z', 'ok')")
        .bind(1, reg.info.id)
        .run();
    runs_.push_back(cf->db().last_insert_rowid());
    w_ = std::make_unique<store::ImportWriter>(cf->db(), reg.info.id, runs_.back(), reg.info.sha256);
}

std::int64_t GraphFixture::phone(const std::string& name) {
    if (auto it = ids_.find(name); it != ids_.end())
        return it->second;
    char num[32];
    std::snprintf(num, sizeof num, "+4477009%05d", next_phone_++);
    const auto src = w_->source("fixture:phone/" + name);
    const auto r = w_->identifier("phone", num, src);
    w_->label_if_empty(r.entity_id, name);
    ids_[name] = r.entity_id;
    return r.entity_id;
}

std::string iban(const std::string& country, const std::string& bban) {
    // Check digits by ISO 13616: move the country and "00" to the end, letters as 10..35, 98 - mod 97.
    std::string digits;
    for (char c : bban + country + "00")
        digits +=
            std::isdigit(static_cast<unsigned char>(c)) ? std::string(1, c) : std::to_string(c - 'A' + 10);
    int mod = 0;
    for (char c : digits)
        mod = (mod * 10 + (c - '0')) % 97;
    char check[8];
    std::snprintf(check, sizeof check, "%02d", 98 - mod);
    return country + check + bban;
}

std::string gb_iban(int n) {
    return iban("GB", "WEST1234560000" + std::to_string(1000 + n));
}

graph::IndicatorResult run_pattern(const GraphFixture& f, const std::string& name,
                                   graph::IndicatorOptions opt) {
    const auto l = f.load();
    if (opt.region.empty())
        opt.region = "GB";
    return graph::run_indicator(f.db(), l->g, name, opt);
}

std::int64_t GraphFixture::account(const std::string& name, const std::string& iban) {
    const auto src = w_->source("fixture:account/" + name);
    const auto r = w_->identifier("iban", iban, src);
    w_->label_if_empty(r.entity_id, name);
    ids_[name] = r.entity_id;
    return r.entity_id;
}

std::int64_t GraphFixture::message(const std::string& from, const std::string& to, std::int64_t ms) {
    store::EventRecord e;
    e.kind = "message";
    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
    e.app = "sms";
    e.parties = {{phone(from), "sender"}, {phone(to), "recipient"}};
    return w_->event(e, w_->source("fixture:row=" + std::to_string(++row_)));
}

std::int64_t GraphFixture::call(const std::string& from, const std::string& to, std::int64_t ms) {
    store::EventRecord e;
    e.kind = "call";
    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
    e.parties = {{phone(from), "caller"}, {phone(to), "callee"}};
    return w_->event(e, w_->source("fixture:row=" + std::to_string(++row_)));
}

std::int64_t GraphFixture::pay(const std::string& payer, const std::string& payee, std::int64_t minor,
                               std::int64_t ms, const std::string& currency, const std::string& text) {
    store::EventRecord e;
    e.kind = "transaction";
    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
    e.amount_minor = -minor;
    e.currency = currency;
    if (!text.empty())
        e.body = text;
    e.parties = {{ids_.at(payer), "payer"}, {ids_.at(payee), "payee"}};
    return w_->event(e, w_->source("fixture:row=" + std::to_string(++row_)));
}

std::int64_t GraphFixture::deposit(const std::string& payee, std::int64_t minor, std::int64_t ms,
                                   const std::string& text) {
    store::EventRecord e;
    e.kind = "transaction";
    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
    e.amount_minor = minor;
    e.currency = "GBP";
    e.body = text;
    e.parties = {{ids_.at(payee), "payee"}};
    return w_->event(e, w_->source("fixture:row=" + std::to_string(++row_)));
}

std::int64_t GraphFixture::contact_card(const std::string& person, const std::string& phone_name,
                                        std::int64_t ms) {
    const auto src = w_->source("fixture:row=" + std::to_string(++row_));
    if (!ids_.count(person))
        ids_[person] = w_->entity("person", "person:" + person, person, src, "contact");
    store::EventRecord e;
    e.kind = "contact_card";
    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
    e.parties = {{ids_.at(person), "owner"}, {phone(phone_name), "participant"}};
    return w_->event(e, src);
}

std::int64_t GraphFixture::address_book_card(const std::string& owner_phone, const std::string& key,
                                             const std::string& label, const std::string& phone_name) {
    const auto src = w_->source("fixture:row=" + std::to_string(++row_));
    if (!ids_.count(key))
        ids_[key] = w_->entity("person", "person:" + key, label, src, "contact");
    store::EventRecord e;
    e.kind = "contact_card";
    e.parties = {
        {phone(owner_phone), "owner"}, {ids_.at(key), "participant"}, {phone(phone_name), "participant"}};
    return w_->event(e, src);
}

std::int64_t GraphFixture::raw_phone(const std::string& name, const std::string& raw) {
    const auto r = w_->identifier("phone", raw, w_->source("fixture:raw/" + name));
    ids_[name] = r.entity_id;
    return r.entity_id;
}

std::int64_t GraphFixture::handle(const std::string& name, const std::string& display) {
    const auto r = w_->handle("whatsapp", display, w_->source("fixture:handle/" + name), display);
    ids_[name] = r.entity_id;
    return r.entity_id;
}

std::int64_t GraphFixture::say(const std::string& from, const std::string& to, std::int64_t ms,
                               const std::string& body) {
    store::EventRecord e;
    e.kind = "message";
    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
    e.app = "sms";
    e.body = body;
    e.parties = {{phone(from), "sender"}, {phone(to), "recipient"}};
    return w_->event(e, w_->source("fixture:row=" + std::to_string(++row_)));
}

std::int64_t GraphFixture::undated_card(const std::string& person, const std::string& phone_name) {
    const auto src = w_->source("fixture:row=" + std::to_string(++row_));
    if (!ids_.count(person))
        ids_[person] = w_->entity("person", "person:" + person, person, src, "contact");
    store::EventRecord e;
    e.kind = "contact_card";
    e.parties = {{ids_.at(person), "owner"}, {phone(phone_name), "participant"}};
    return w_->event(e, src);
}

std::int64_t GraphFixture::system_line(const std::string& body, const std::string& system_kind,
                                       const std::string& thread, std::int64_t ms) {
    store::EventRecord e;
    e.kind = "system";
    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
    e.app = "whatsapp";
    e.thread = thread;
    e.body = body;
    e.attrs = {{"system", system_kind}};
    return w_->event(e, w_->source("fixture:row=" + std::to_string(++row_)));
}

std::int64_t GraphFixture::location(const std::string& who, double lat, double lon, std::int64_t ms) {
    store::EventRecord e;
    e.kind = "location_fix";
    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
    e.attrs = {{"lat", lat}, {"lon", lon}};
    e.parties = {{phone(who), "sender"}};
    return w_->event(e, w_->source("fixture:row=" + std::to_string(++row_)));
}

void GraphFixture::set_owner(const std::string& raw) {
    cf->db()
        .prepare("UPDATE import_run SET params = ?2 WHERE id = ?1")
        .bind(1, runs_.back())
        .bind(2, nlohmann::json{{"owner", raw}, {"region", "GB"}, {"region_from", "case"}}.dump())
        .run();
}

std::int64_t GraphFixture::device_owner(const std::string& name) {
    const auto id = w_->entity("device", "device-owner:" + w_->evidence_sha256(), "owner of " + name,
                               w_->source("fixture:device"), "device-owner");
    ids_[name] = id;
    return id;
}

void GraphFixture::tag(const std::string& name, const std::string& t) {
    store::add_tag(cf->db(), ids_.at(name), t, "tester");
}

void GraphFixture::finish() {
    for (const auto r : runs_)
        store::update_links_for_run(cf->db(), r);
}

std::unique_ptr<GraphFixture::Loaded> GraphFixture::load(const graph::Filter& f) const {
    auto l = std::make_unique<Loaded>();
    l->data = graph::CaseData::load(cf->db());
    l->g = graph::CaseGraph::build(l->data, f);
    return l;
}

} // namespace casegraph::test
