// Bundle assembly (see bundle.hpp): select, collect, redact, serialise, zip, audit.
#include "bundle.hpp"

#include "csv.hpp"
#include "exhibit.hpp"
#include "exhibit_money.hpp"
#include "exhibit_timeline.hpp"
#include "report_html.hpp"
#include "store/hash.hpp"
#include "store/time.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>

namespace casegraph::exporter {
namespace {

// SHA-256 of a member in 1 MiB chunks, polling `cancelled` between them (the digest is the same).
std::string sha256_cancellable(std::string_view bytes, const CancelCheck& cancelled) {
    constexpr std::size_t kChunk = 1 << 20;
    store::Sha256 h;
    for (std::size_t at = 0; at < bytes.size(); at += kChunk) {
        throw_if_cancelled(cancelled);
        h.update(bytes.substr(at, kChunk));
    }
    return h.hex_digest();
}

std::string opt_int(const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : std::string();
}

std::string parties_text(const EventRow& e) {
    std::string s;
    for (const auto& [role, id] : e.parties)
        s += (s.empty() ? "" : ";") + role + ":#" + std::to_string(id);
    return s;
}

void mask_json(nlohmann::json& j, const Redactor& r) {
    if (j.is_string())
        j = r.mask(j.get<std::string>());
    else if (j.is_structured())
        for (auto& v : j)
            mask_json(v, r);
}

std::string entities_csv(const Facts& f, const CancelCheck& cancelled) {
    std::string s = csv_row({"entity_id", "kind", "label", "tags", "sources", "evidence_sha256", "locator"});
    for (const auto& e : f.entities) {
        throw_if_cancelled(cancelled);
        s += csv_row({std::to_string(e.id), e.kind, e.label, e.tags, std::to_string(e.sources),
                      e.evidence_sha256, e.locator});
    }
    return s;
}

std::string identifiers_csv(const Facts& f, const CancelCheck& cancelled) {
    std::string s = csv_row({"identifier_id", "entity_id", "type", "value", "status", "raw", "region",
                             "region_from", "evidence_sha256", "locator"});
    for (const auto& i : f.identifiers) {
        throw_if_cancelled(cancelled);
        s += csv_row({std::to_string(i.identifier_id), std::to_string(i.entity_id), i.type, i.value, i.status,
                      i.raw, i.region, i.region_from, i.evidence_sha256, i.locator});
    }
    return s;
}

std::string events_csv(const Facts& f, const CancelCheck& cancelled) {
    std::string s = csv_row({"event_id", "kind", "time", "precision", "utc_offset", "direction", "app",
                             "thread", "deleted", "body", "amount_minor", "currency", "parties",
                             "evidence_sha256", "locator", "seq"});
    for (const auto& e : f.events) {
        throw_if_cancelled(cancelled);
        s += csv_row({std::to_string(e.id), e.kind, e.time, e.precision, e.offset, e.direction, e.app,
                      e.thread, e.deleted ? "1" : "0", e.body, opt_int(e.amount_minor), e.currency,
                      parties_text(e), e.evidence_sha256, e.locator, std::to_string(e.seq)});
    }
    return s;
}

// The other places an event was read (a transaction in a second statement file): one row per sighting,
// so that every file behind an event is cited with its hash and the locator inside it.
std::string sightings_csv(const Facts& f) {
    std::string s = csv_row({"event_id", "evidence_sha256", "locator"});
    for (const auto& e : f.events)
        for (const auto& x : e.sightings)
            s += csv_row({std::to_string(e.id), x.evidence_sha256, x.locator});
    return s;
}

std::string links_csv(const Facts& f, const CancelCheck& cancelled) {
    std::string s = csv_row({"link_id", "a", "b", "kind", "directed", "count", "first", "last", "currency",
                             "total_minor", "event_id", "evidence_sha256", "locator"});
    for (const auto& l : f.links) {
        throw_if_cancelled(cancelled);
        s += csv_row({std::to_string(l.link_id), std::to_string(l.a), std::to_string(l.b), l.kind,
                      l.directed ? "1" : "0", std::to_string(l.count), l.first, l.last, l.currency,
                      opt_int(l.total_minor), std::to_string(l.event_id), l.evidence_sha256, l.locator});
    }
    return s;
}

std::string custody_csv(const std::vector<store::AuditEntry>& rows) {
    std::string s = csv_row({"seq", "at", "actor", "action", "params", "prev_hash", "hash"});
    for (const auto& a : rows)
        s += csv_row({std::to_string(a.seq), a.at, a.actor, a.action, a.params, a.prev_hash, a.hash});
    return s;
}

constexpr std::string_view kExhibitsReadme =
    "link-chart.pdf  the link chart of this bundle's selection (A4 landscape, print this one)\r\n"
    "link-chart.png  the same chart as an image, shown in report.html\r\n"
    "timeline.pdf    the selection's events on lanes in time, then source pages for every mark\r\n"
    "money-flows.pdf payments between accounts with amounts and the chain from the start account,\r\n"
    "                then source pages for every payment\r\n"
    "Numbered source notes on the link chart give the link id in facts/links.csv and the evidence file\r\n"
    "(E1...) as listed in report.html and manifest.json; the source pages of the timeline and money-flow\r\n"
    "charts give each record's event id (facts/events.csv), evidence file and locator, and every other\r\n"
    "file the same record was read from (facts/sightings.csv).\r\n";

} // namespace

std::optional<std::int64_t> creation_time(const std::string& at_option) {
    if (!at_option.empty()) {
        const auto ms = store::parse_iso_instant(at_option);
        if (!ms)
            throw SelectionError("--at: '" + at_option + "' is not an ISO 8601 date or date-time");
        return *ms / 1000;
    }
    if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e && *e) {
        try {
            std::size_t used = 0;
            const long long v = std::stoll(e, &used);
            if (used == std::string_view(e).size())
                return v;
        } catch (const std::exception&) {
        }
        throw SelectionError(std::string("SOURCE_DATE_EPOCH='") + e + "' is not a number of seconds");
    }
    return std::nullopt;
}

bool is_custody_action(const std::string& action) {
    auto starts = [&](std::string_view p) { return action.compare(0, p.size(), p) == 0; };
    // Exports, pseudonym bookkeeping, key writes and view arrangements (grouping nodes on the canvas) are
    // not registrations, ingests or analyst decisions: leaving them out keeps re-exports byte-identical.
    return !(starts("export") || starts("pseudonym.") || starts("key.") || starts("view."));
}

void redact_facts(Facts& f, const Redactor& r) {
    if (!r.enabled())
        return;
    for (auto& e : f.evidence) {
        e.name = r.mask(e.name);
        auto j = nlohmann::json::parse(e.import_params, nullptr, false);
        if (!j.is_discarded()) {
            mask_json(j, r);
            e.import_params = j.dump();
        }
    }
    for (auto& e : f.entities) {
        e.pseudonym = r.pseudonym_of(e.id);
        e.label = e.pseudonym.empty() ? r.mask(e.label) : e.pseudonym;
        e.tags = r.mask(e.tags); // free tags are analyst text and may name someone
        e.locator = r.mask(e.locator);
    }
    for (auto& i : f.identifiers) {
        const auto p = r.pseudonym_of(i.entity_id);
        // A protected person's identifiers are replaced whole: even the type-specific shape of a value
        // (country code, bank code) narrows down who it is.
        i.value = p.empty() ? r.mask(i.value) : "[" + p + "]";
        i.raw = p.empty() ? r.mask(i.raw) : "[" + p + "]";
        i.locator = r.mask(i.locator);
    }
    for (auto& e : f.events) {
        e.body = r.mask(e.body);
        e.thread = r.mask(e.thread);
        e.app = r.mask(e.app);
        e.locator = r.mask(e.locator);
        for (auto& x : e.sightings) {
            x.locator = r.mask(x.locator);
            x.evidence_name = r.mask(x.evidence_name);
        }
    }
    for (auto& l : f.links)
        l.locator = r.mask(l.locator);
}

BundleResult build_bundle(const store::CaseFile& cf, const BundleOptions& opts) {
    const auto& db = cf.db();
    const auto settings = cf.settings();
    if (!opts.redact && opts.reason.empty())
        throw SelectionError("--no-redact needs --reason TEXT saying why the names may be disclosed");
    int stage = 0;
    auto step = [&](const char* name) {
        if (opts.progress)
            opts.progress(name, ++stage, 8);
    };
    step("reading the selection");
    const auto sel = parse_selection(db, opts.select, settings.region, opts.from, opts.to);
    const auto pseudonyms = ensure_pseudonyms(db, opts.actor);
    const Redactor redactor = opts.redact ? Redactor(db, pseudonyms) : Redactor();

    BundleResult result;
    step("collecting facts");
    result.facts = collect_facts(db, sel, opts.cancelled);
    step("redacting");
    throw_if_cancelled(opts.cancelled);
    redact_facts(result.facts, redactor);
    const auto& f = result.facts;

    std::vector<store::AuditEntry> custody;
    for (auto& a : store::audit_read(db))
        if (is_custody_action(a.action)) {
            a.params = redactor.mask(a.params);
            custody.push_back(std::move(a));
        }
    const auto chain = store::audit_verify(db);

    const std::int64_t at = opts.at.value_or(store::now_utc_ms() / 1000);
    nlohmann::ordered_json m;
    m["format"] = "casegraph-bundle/1";
    m["case_id"] = settings.case_id;
    m["analyst"] = redactor.mask(settings.analyst);
    m["produced_by"] = redactor.mask(opts.actor);
    m["tool"] = {{"name", "casegraph"}, {"version", opts.tool_version}};
    m["created_at"] = store::format_utc_ms(at * 1000);
    m["created_at_from"] = opts.at ? "--at or SOURCE_DATE_EPOCH" : "clock (not reproducible)";
    m["case_defaults"] = {{"region", settings.region}, {"tz", settings.tz}};
    m["selection"] = {{"select", redactor.mask(sel.text)}, {"from", sel.from_text}, {"to", sel.to_text}};
    if (opts.redact) {
        auto names = nlohmann::ordered_json::array();
        for (const auto& p : pseudonyms)
            names.push_back(p.name);
        m["redaction"] = {{"enabled", true},
                          {"pseudonyms", names},
                          {"method", "victims and witnesses replaced by V<n>/W<n>; their numbers, account "
                                     "numbers, emails, handles and names masked as [V<n>] in every text, in "
                                     "any written form; the key stays in the case"}};
    } else {
        m["redaction"] = {{"enabled", false}, {"reason", opts.reason}};
    }
    std::size_t sightings = 0;
    for (const auto& e : f.events)
        sightings += e.sightings.size();
    m["counts"] = {{"evidence_files", f.evidence.size()},
                   {"entities", f.entities.size()},
                   {"identifier_sightings", f.identifiers.size()},
                   {"events", f.events.size()},
                   {"event_sightings", sightings},
                   {"link_event_rows", f.links.size()},
                   {"custody_rows", custody.size()}};
    auto ev = nlohmann::ordered_json::array();
    for (const auto& e : f.evidence) {
        auto imports = nlohmann::ordered_json::parse(e.import_params, nullptr, false);
        ev.push_back({{"name", e.name},
                      {"sha256", e.sha256},
                      {"size", e.size},
                      {"registered_at", e.registered_at},
                      {"registered_by", redactor.mask(e.registered_by)},
                      {"detected_format", e.detected_format},
                      {"region", e.region},
                      {"tz", e.tz},
                      {"imports", imports.is_discarded() ? nlohmann::ordered_json::array() : imports},
                      {"sidecar_of", e.sidecar_of}});
    }
    m["evidence"] = ev;
    m["audit"] = {{"head_seq", custody.empty() ? 0 : custody.back().seq},
                  {"head_hash", custody.empty() ? std::string(store::kGenesisHash) : custody.back().hash},
                  {"chain_intact", chain.intact},
                  {"note", "custody.csv holds the audit rows up to head_seq except exports, key writes and "
                           "pseudonym assignments, which follow the state they describe"}};

    // The bundle's exhibits are drawn from the same (redacted) facts as its tables.
    const ChartMeta chart{settings.case_id,
                          m["analyst"].get<std::string>(),
                          m["produced_by"].get<std::string>(),
                          opts.tool_version,
                          m["selection"]["select"].get<std::string>(),
                          sel.from_text,
                          sel.to_text,
                          "",
                          opts.redact,
                          at};
    ExhibitResult drawn;
    step("drawing the link chart");
    auto chart_pdf = draw_link_chart(f, chart, "pdf", drawn, opts.cancelled);
    auto chart_png = draw_link_chart(f, chart, "png", drawn, opts.cancelled);
    const auto focus = focus_entities(sel, f);
    step("drawing the timeline");
    auto timeline_pdf =
        draw_timeline_chart(f, build_timeline(f, focus, sel.from_ms, sel.to_ms), chart, "pdf");
    step("drawing the money flows");
    auto money = build_money(f, focus);
    apply_chain(money, money_chain(db, sel, money.start));
    auto money_pdf = draw_money_chart(f, money, chart, "pdf");

    step("writing the report and fact tables");
    std::vector<ZipMember> files{
        {"report.html", render_report_html(m, f, custody)},
        {"facts/entities.csv", entities_csv(f, opts.cancelled)},
        {"facts/identifiers.csv", identifiers_csv(f, opts.cancelled)},
        {"facts/events.csv", events_csv(f, opts.cancelled)},
        {"facts/links.csv", links_csv(f, opts.cancelled)},
        {"facts/sightings.csv", sightings_csv(f)},
        {"custody.csv", custody_csv(custody)},
        {"exhibits/README.txt", std::string(kExhibitsReadme)},
        {"exhibits/link-chart.pdf", std::move(chart_pdf)},
        {"exhibits/link-chart.png", std::move(chart_png)},
        {"exhibits/timeline.pdf", std::move(timeline_pdf)},
        {"exhibits/money-flows.pdf", std::move(money_pdf)},
    };
    step("hashing");
    auto list = nlohmann::ordered_json::array();
    for (const auto& file : files)
        list.push_back({{"path", file.path},
                        {"sha256", sha256_cancellable(file.bytes, opts.cancelled)},
                        {"size", file.bytes.size()}});
    m["files"] = list;
    std::string manifest = m.dump(2) + "\n";
    result.manifest_sha256 = store::sha256_hex(manifest);
    result.members.push_back({"manifest.json", std::move(manifest)});
    for (auto& file : files) {
        if (file.path == "exhibits/README.txt")
            result.members.push_back({"exhibits/", {}});
        result.members.push_back(std::move(file));
    }
    result.at = at;
    return result;
}

BundleResult export_bundle(const store::CaseFile& cf, const std::filesystem::path& out,
                           const BundleOptions& opts) {
    auto r = build_bundle(cf, opts);
    write_zip(out, r.members, r.at, opts.cancelled);
    audit_bundle(cf.db(), out, opts, r.manifest_sha256);
    return r;
}

void audit_bundle(const store::Db& db, const std::filesystem::path& out, const BundleOptions& opts,
                  const std::string& manifest_sha256) {
    store::audit_append(db, opts.actor, "export.bundle",
                        nlohmann::json{{"out", out.string()},
                                       {"manifest_sha256", manifest_sha256},
                                       {"select", opts.select},
                                       {"from", opts.from},
                                       {"to", opts.to},
                                       {"redact", opts.redact},
                                       {"reason", opts.reason}}
                            .dump());
}

} // namespace casegraph::exporter
