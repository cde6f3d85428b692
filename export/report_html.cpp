// The offline HTML report of a bundle (see report_html.hpp). Written for a reader who has never seen
// casegraph: plain tables, every fact next to the evidence file and place it came from.
#include "report_html.hpp"

#include "store/money.hpp"

#include <map>
#include <set>

namespace casegraph::exporter {
namespace {

std::string money(std::int64_t minor, const std::string& currency) {
    // In the currency's own decimals (JPY 0, BHD 3), no grouping.
    return store::format_minor(minor, store::minor_digits(currency)) +
           (currency.empty() ? "" : " " + currency);
}

constexpr std::string_view kStyle = R"css(
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:13px;color:#111;margin:24px;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:2px solid #333;padding-bottom:3px;margin-top:28px}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#e8e8e8}tr:nth-child(even) td{background:#f7f7f7}
.meta td:first-child{width:210px;font-weight:bold;background:#f0f0f0}
.hash{font-family:"DejaVu Sans Mono",monospace;font-size:11px;word-break:break-all}
.src{font-family:"DejaVu Sans Mono",monospace;font-size:11px;color:#333;overflow-wrap:anywhere}
.banner{padding:8px 12px;margin:10px 0;border:2px solid}
.redacted{border-color:#2a6;background:#eefaf1}.unredacted{border-color:#c33;background:#fdeeee}
.body{white-space:pre-wrap;max-width:480px}.deleted{color:#a00;font-weight:bold}
.note{color:#444;font-size:12px}.t{white-space:nowrap}
)css";

} // namespace

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string render_report_html(const nlohmann::ordered_json& m, const Facts& f,
                               const std::vector<store::AuditEntry>& custody) {
    auto e = [](const std::string& s) { return html_escape(s); };
    auto js = [&](const nlohmann::ordered_json& j) {
        return e(j.is_string() ? j.get<std::string>() : j.dump());
    };
    std::map<std::string, std::string> exhibit_no; // evidence sha256 -> "E1"
    std::map<std::string, std::string> exhibit_name;
    for (std::size_t i = 0; i < f.evidence.size(); ++i) {
        exhibit_no[f.evidence[i].sha256] = "E" + std::to_string(i + 1);
        exhibit_name[f.evidence[i].sha256] = f.evidence[i].name;
    }
    auto source = [&](const std::string& sha, const std::string& locator) {
        if (sha.empty())
            return std::string("<span class=note>none recorded</span>");
        const auto it = exhibit_no.find(sha);
        return "<span class=src>" + e(it == exhibit_no.end() ? sha.substr(0, 12) : it->second) +
               " &middot; " + e(locator) + "</span>";
    };
    std::map<std::int64_t, std::string> label;
    for (const auto& en : f.entities)
        label[en.id] = (en.label.empty() ? en.kind : en.label) + " (#" + std::to_string(en.id) + ")";
    auto name_of = [&](std::int64_t id) {
        const auto it = label.find(id);
        return it == label.end() ? "#" + std::to_string(id) : it->second;
    };

    const bool redacted = m["redaction"]["enabled"].get<bool>();
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
         "'unsafe-inline'; img-src 'self'\">\n"
         "<title>Evidence bundle &mdash; case " +
         js(m["case_id"]) + "</title>\n<style>" + std::string(kStyle) + "</style></head><body>\n";
    h += "<h1>Evidence bundle</h1>\n<p class=note>Produced by casegraph " + js(m["tool"]["version"]) +
         ". This page is self-contained: it loads nothing from the network and runs no scripts.</p>\n";
    if (redacted)
        h += "<div class=\"banner redacted\"><b>Redacted.</b> Victims and witnesses appear as V1, V2&hellip; "
             "and "
             "W1&hellip;; their numbers, account numbers, addresses, handles and names are shown as [V1] "
             "wherever "
             "they occur, including inside messages and file names. The key is held in the case file and is "
             "not "
             "part of this bundle.</div>\n";
    else
        h += "<div class=\"banner unredacted\"><b>NOT REDACTED.</b> This bundle shows victims' and "
             "witnesses' real "
             "identities. Reason given: " +
             js(m["redaction"]["reason"]) + "</div>\n";

    h += "<p class=note>Contents: <a href=\"#s1\">1. Summary</a> &middot; <a href=\"#s2\">2. Evidence "
         "files</a> "
         "&middot; <a href=\"#s8\">Link chart</a> &middot; <a href=\"#s3\">3. Entities</a> &middot; <a "
         "href=\"#s4\">4. Links</a> &middot; <a "
         "href=\"#s5\">5. Events</a> &middot; <a href=\"#s6\">6. Identifier sightings</a> &middot; <a "
         "href=\"#s7\">7. Chain of custody</a></p>\n";
    h += "<h2 id=s1>1. Summary</h2>\n<table class=meta>\n";
    auto row = [&](const std::string& k, const std::string& v) {
        h += "<tr><td>" + e(k) + "</td><td>" + v + "</td></tr>\n";
    };
    row("Case", js(m["case_id"]));
    row("Analyst", js(m["analyst"]));
    row("Produced by", js(m["produced_by"]));
    row("Produced at (UTC)", js(m["created_at"]));
    row("Selection",
        js(m["selection"]["select"]) +
            (m["selection"]["from"].get<std::string>().empty() ? ""
                                                               : ", from " + js(m["selection"]["from"])) +
            (m["selection"]["to"].get<std::string>().empty() ? "" : ", to " + js(m["selection"]["to"])));
    row("Evidence files", std::to_string(f.evidence.size()));
    row("Entities", std::to_string(f.entities.size()));
    std::set<std::int64_t> link_ids;
    for (const auto& l : f.links)
        link_ids.insert(l.link_id);
    row("Links", std::to_string(link_ids.size()));
    row("Events", std::to_string(f.events.size()));
    row("Audit log", "head row " + js(m["audit"]["head_seq"]) + ", hash <span class=hash>" +
                         js(m["audit"]["head_hash"]) + "</span>, chain " +
                         (m["audit"]["chain_intact"].get<bool>() ? "intact" : "<b>BROKEN</b>"));
    h += "</table>\n<p class=note>How to check: <code>manifest.json</code> lists the SHA-256 of every file "
         "in this "
         "bundle; its own SHA-256 was printed when the bundle was made and is recorded in the case's audit "
         "log. "
         "<code>casegraph verify-bundle BUNDLE --evidence DIR</code> re-checks every hash and re-derives "
         "every "
         "fact from the original evidence files.</p>\n";

    h +=
        "<h2 id=s8>Exhibit: link chart</h2>\n<p class=note>The chart below is "
        "<code>exhibits/link-chart.pdf</code> "
        "(print that file; this is <code>exhibits/link-chart.png</code>). Its numbered notes give the link "
        "id in "
        "section 4 and the evidence file.</p>\n<p><img src=\"exhibits/link-chart.png\" alt=\"Link chart of "
        "the selected entities\" style=\"max-width:100%;border:1px solid #bbb\"></p>\n"
        "<p class=note>Also in this bundle: <a href=\"exhibits/timeline.pdf\">exhibits/timeline.pdf</a> (the "
        "events on lanes in time) and <a href=\"exhibits/money-flows.pdf\">exhibits/money-flows.pdf</a> "
        "(payments between accounts and the chain from the start account); their source pages give every "
        "record's event id, evidence file and locator.</p>\n";
    h += "<h2 id=s2>2. Evidence files</h2>\n<p class=note>Every fact below names one of these files (E1, "
         "E2&hellip;) and "
         "the place inside it (the locator).</p>\n<table><tr><th>Ref</th><th>Name</th><th>Size (bytes)</th>"
         "<th>SHA-256</th><th>Registered (UTC)</th><th>By</th><th>Format</th></tr>\n";
    for (const auto& ev : f.evidence)
        h += "<tr><td>" + e(exhibit_no[ev.sha256]) + "</td><td>" + e(ev.name) + "</td><td>" +
             std::to_string(ev.size) + "</td><td class=hash>" + e(ev.sha256) + "</td><td>" +
             e(ev.registered_at) + "</td><td>" + e(ev.registered_by) + "</td><td>" + e(ev.detected_format) +
             "</td></tr>\n";
    h += "</table>\n";

    h += "<h2 id=s3>3. People, numbers and accounts "
         "(entities)</h2>\n<table><tr><th>#</th><th>Kind</th><th>Label</th>"
         "<th>Tags</th><th>Identifiers</th><th>Seen in records</th><th>First source</th></tr>\n";
    std::map<std::int64_t, std::set<std::string>> ids_of;
    for (const auto& i : f.identifiers)
        ids_of[i.entity_id].insert(i.type + " " + i.value);
    for (const auto& en : f.entities) {
        std::string ids;
        for (const auto& v : ids_of[en.id])
            ids += (ids.empty() ? "" : "<br>") + e(v);
        h += "<tr><td>" + std::to_string(en.id) + "</td><td>" + e(en.kind) + "</td><td><b>" + e(en.label) +
             "</b></td><td>" + e(en.tags) + "</td><td>" + ids + "</td><td>" + std::to_string(en.sources) +
             "</td><td>" + source(en.evidence_sha256, en.locator) + "</td></tr>\n";
    }
    h += "</table>\n";

    h += "<h2 id=s4>4. Links</h2>\n<p class=note>A link joins two entities that appear together in events (a "
         "message, "
         "a call, a payment). Counts and dates cover the selected events "
         "only.</p>\n<table><tr><th>Between</th>"
         "<th>And</th><th>Kind</th><th>Count</th><th>First (UTC)</th><th>Last (UTC)</th><th>Total</th>"
         "<th>Events</th></tr>\n";
    for (std::size_t i = 0; i < f.links.size();) {
        const auto& l = f.links[i];
        std::string events;
        std::size_t j = i;
        for (; j < f.links.size() && f.links[j].link_id == l.link_id; ++j)
            events += (events.empty() ? "" : ", ") + std::to_string(f.links[j].event_id);
        h += "<tr><td>" + e(name_of(l.a)) + "</td><td>" + (l.directed ? "&rarr; " : "") + e(name_of(l.b)) +
             "</td><td>" + e(l.kind) + "</td><td>" + std::to_string(l.count) + "</td><td class=t>" +
             e(l.first) + "</td><td class=t>" + e(l.last) + "</td><td>" +
             (l.total_minor ? e(money(*l.total_minor, l.currency)) : "") + "</td><td class=src>" + e(events) +
             "</td></tr>\n";
        i = j;
    }
    h += "</table>\n";

    h += "<h2 id=s5>5. Events</h2>\n<p class=note>Times are UTC; the offset column gives the offset recorded "
         "by the "
         "source (&ldquo;unknown&rdquo; when the source gives none). A record read from more than one file "
         "(the same bank statement in two downloads) is one event citing every file "
         "(<code>facts/sightings.csv</code>).</p>\n<table><tr><th>#</th><th>Time "
         "(UTC)</th>"
         "<th>Offset</th><th>Kind</th><th>Parties</th><th>Content</th><th>Amount</th><th>Source</th></tr>\n";
    for (const auto& ev : f.events) {
        std::string parties;
        for (const auto& [role, id] : ev.parties)
            parties += (parties.empty() ? "" : "<br>") + e(role) + ": " + e(name_of(id));
        std::string content = ev.deleted ? "<span class=deleted>[deleted/recovered record]</span> " : "";
        if (!ev.app.empty())
            content += "<span class=note>" + e(ev.app) +
                       (ev.direction.empty() ? "" : ", " + e(ev.direction)) + "</span><br>";
        content += "<div class=body>" + e(ev.body) + "</div>";
        // The same record read again from another file (a statement downloaded twice): every file cited.
        std::string sources = source(ev.evidence_sha256, ev.locator);
        for (const auto& x : ev.sightings)
            sources += "<br><span class=note>also read from</span> " + source(x.evidence_sha256, x.locator);
        h += "<tr><td>" + std::to_string(ev.id) + "</td><td class=t>" + e(ev.time) + "</td><td>" +
             e(ev.offset) + "</td><td>" + e(ev.kind) + "</td><td>" + parties + "</td><td>" + content +
             "</td><td>" + (ev.amount_minor ? e(money(*ev.amount_minor, ev.currency)) : "") + "</td><td>" +
             sources + "</td></tr>\n";
    }
    h += "</table>\n";

    h += "<h2 id=s6>6. Identifier sightings</h2>\n<p class=note>Each time a number, account or name was "
         "read, as it "
         "was written (raw) and as normalised.</p>\n<table><tr><th>Entity</th><th>Type</th><th>Value</th>"
         "<th>As written</th><th>Status</th><th>Source</th></tr>\n";
    for (const auto& i : f.identifiers)
        h += "<tr><td>" + e(name_of(i.entity_id)) + "</td><td>" + e(i.type) + "</td><td>" + e(i.value) +
             "</td><td>" + e(i.raw) + "</td><td>" + e(i.status) + "</td><td>" +
             source(i.evidence_sha256, i.locator) + "</td></tr>\n";
    h += "</table>\n";

    h += "<h2 id=s7>7. Chain of custody</h2>\n<p class=note>From the case's hash-chained audit log: "
         "registrations, "
         "imports, verifications and analyst decisions.</p>\n<table><tr><th>#</th><th>At "
         "(UTC)</th><th>Who</th>"
         "<th>Action</th><th>Details</th></tr>\n";
    for (const auto& a : custody) {
        // "key: value" lines read better than JSON; empty values say nothing and are left out.
        std::string details;
        const auto j = nlohmann::json::parse(a.params, nullptr, false);
        if (j.is_object()) {
            for (const auto& [k, v] : j.items()) {
                if ((v.is_string() && v.get<std::string>().empty()) || v.is_null())
                    continue;
                details += (details.empty() ? "" : "<br>") + e(k) + ": " +
                           e(v.is_string() ? v.get<std::string>() : v.dump());
            }
        } else {
            details = e(a.params);
        }
        h += "<tr><td>" + std::to_string(a.seq) + "</td><td class=t>" + e(a.at) + "</td><td>" + e(a.actor) +
             "</td><td>" + e(a.action) + "</td><td class=src>" + details + "</td></tr>\n";
    }
    h += "</table>\n</body></html>\n";
    return h;
}

} // namespace casegraph::exporter
