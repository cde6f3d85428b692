// Bundle verification (see verify_bundle.hpp).
#include "verify_bundle.hpp"

#include "csv.hpp"
#include "store/hash.hpp"

#include <map>
#include <set>

namespace casegraph::exporter {
namespace {

const ZipMember* member(const BundleCheck& b, const std::string& path) {
    for (const auto& m : b.members)
        if (m.path == path)
            return &m;
    return nullptr;
}

// Rows of a facts CSV as header-name -> value maps.
std::vector<std::map<std::string, std::string>> table(const BundleCheck& b, const std::string& path) {
    std::vector<std::map<std::string, std::string>> out;
    const auto* m = member(b, path);
    if (!m)
        return out;
    const auto rows = csv_parse(m->bytes);
    for (std::size_t i = 1; i < rows.size(); ++i) {
        std::map<std::string, std::string> r;
        for (std::size_t c = 0; c < rows[0].size() && c < rows[i].size(); ++c)
            r[rows[0][c]] = rows[i][c];
        out.push_back(std::move(r));
    }
    return out;
}

bool is_token_at(std::string_view s, std::size_t i, std::size_t& len) {
    if (i + 3 > s.size() || s[i] != '[' || (s[i + 1] != 'V' && s[i + 1] != 'W'))
        return false;
    std::size_t k = i + 2;
    while (k < s.size() && s[k] >= '0' && s[k] <= '9')
        ++k;
    if (k == i + 2 || k >= s.size() || s[k] != ']')
        return false;
    len = k + 1 - i;
    return true;
}

std::string opt_int(const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : std::string();
}

} // namespace

bool matches_masked(std::string_view pattern, std::string_view text) {
    // Split the pattern into literal pieces around the tokens; classic '+' glob matching where the
    // leftmost placement of each middle piece is always safe.
    std::vector<std::string> pieces{""};
    for (std::size_t i = 0; i < pattern.size();) {
        std::size_t len = 0;
        if (is_token_at(pattern, i, len)) {
            pieces.emplace_back();
            i += len;
        } else {
            pieces.back() += pattern[i++];
        }
    }
    if (pieces.size() == 1)
        return pattern == text;
    if (text.substr(0, pieces.front().size()) != pieces.front())
        return false;
    std::size_t pos = pieces.front().size();
    for (std::size_t p = 1; p + 1 < pieces.size(); ++p) {
        const auto at = text.find(pieces[p], pos + 1); // each token stands for at least one character
        if (at == std::string_view::npos)
            return false;
        pos = at + pieces[p].size();
    }
    const auto& last = pieces.back();
    return text.size() >= pos + 1 + last.size() && text.substr(text.size() - last.size()) == last;
}

BundleCheck check_bundle(const std::filesystem::path& bundle) {
    BundleCheck b;
    auto zip = read_zip(bundle);
    b.members = std::move(zip.members);
    b.problems = std::move(zip.problems);
    const auto* man = member(b, "manifest.json");
    if (!man) {
        b.problems.push_back("manifest.json: missing from the bundle");
        return b;
    }
    b.manifest_sha256 = store::sha256_hex(man->bytes);
    b.manifest = nlohmann::json::parse(man->bytes, nullptr, false);
    if (b.manifest.is_discarded() || !b.manifest.contains("files") || !b.manifest["files"].is_array()) {
        b.problems.push_back("manifest.json: not a bundle manifest (unreadable JSON or no file list)");
        return b;
    }
    std::set<std::string> listed{"manifest.json"};
    for (const auto& f : b.manifest["files"]) {
        const auto path = f.value("path", std::string());
        listed.insert(path);
        const auto* m = member(b, path);
        if (!m) {
            b.problems.push_back(path + ": listed in the manifest but missing from the bundle");
            continue;
        }
        const auto sha = store::sha256_hex(m->bytes);
        if (sha != f.value("sha256", std::string()))
            b.problems.push_back(path + ": SHA-256 differs from the manifest (manifest " +
                                 f.value("sha256", std::string()) + ", file " + sha + ")");
        else if (f.value("size", std::int64_t{-1}) != static_cast<std::int64_t>(m->bytes.size()))
            b.problems.push_back(path + ": size differs from the manifest");
    }
    // Every evidence file a fact cites must be described in the manifest, or the fact has no
    // verifiable origin.
    std::set<std::string> described;
    if (b.manifest.contains("evidence") && b.manifest["evidence"].is_array())
        for (const auto& e : b.manifest["evidence"])
            described.insert(e.value("sha256", std::string()));
    for (const char* t : {"facts/entities.csv", "facts/identifiers.csv", "facts/events.csv",
                          "facts/links.csv", "facts/sightings.csv"}) {
        std::set<std::string> reported;
        for (const auto& r : table(b, t)) {
            const auto it = r.find("evidence_sha256");
            if (it != r.end() && !it->second.empty() && !described.count(it->second) &&
                reported.insert(it->second).second)
                b.problems.push_back(std::string(t) + ": cites evidence " + it->second +
                                     " that the manifest does not describe");
        }
    }
    for (const auto& m : b.members)
        if (m.path.empty() || m.path.back() != '/')
            if (!listed.count(m.path))
                b.problems.push_back(m.path + ": in the bundle but not listed in the manifest");
    return b;
}

std::vector<std::string> compare_with_rederived(const BundleCheck& bundle, const Facts& re) {
    std::vector<std::string> diffs;
    std::map<std::string, const EventRow*> by_place; // sha|locator|seq
    std::map<std::string, std::vector<const EventRow*>> by_file;
    // Sightings: the re-import reads the files in the manifest's order, so a transaction whose bundle
    // row cites file A may have been written from file B this time, with A as its sighting.
    for (const auto& e : re.events) {
        by_place[e.evidence_sha256 + "|" + e.locator + "|" + std::to_string(e.seq)] = &e;
        by_file[e.evidence_sha256].push_back(&e);
        for (const auto& x : e.sightings)
            by_file[x.evidence_sha256].push_back(&e);
    }
    // Every place a re-derived event was read: (sha, locator).
    auto places = [](const EventRow& e) {
        std::vector<std::pair<std::string, std::string>> out{{e.evidence_sha256, e.locator}};
        for (const auto& x : e.sightings)
            out.emplace_back(x.evidence_sha256, x.locator);
        return out;
    };
    auto read_at = [&](const EventRow& e, const std::string& sha, const std::string& loc) {
        for (const auto& [s, l] : places(e))
            if (s == sha && matches_masked(loc, l))
                return true;
        return false;
    };
    std::map<std::string, const EventRow*> matched; // bundle event_id -> re-derived event
    auto differs = [&](const std::string& where, const std::string& field, const std::string& bundle_v,
                       const std::string& re_v) {
        if (!matches_masked(bundle_v, re_v))
            diffs.push_back(where + ": " + field + " in the bundle is '" + bundle_v + "', re-derived '" +
                            re_v + "'");
    };
    for (const auto& r : table(bundle, "facts/events.csv")) {
        const auto sha = r.at("evidence_sha256");
        const auto loc = r.at("locator");
        const auto seq = r.at("seq");
        const std::string where =
            "facts/events.csv event " + r.at("event_id") + " (" + sha.substr(0, 12) + " " + loc + ")";
        // Found at its own place, else wherever the re-import read the same file and locator (a masked
        // locator, or the record's primary and sighting swapped). Two records of one statement entry
        // share a locator: the one whose content matches is taken.
        std::vector<const EventRow*> found;
        if (auto it = by_place.find(sha + "|" + loc + "|" + seq); it != by_place.end())
            found.push_back(it->second);
        else
            for (const auto* c : by_file[sha])
                if ((c->evidence_sha256 != sha || std::to_string(c->seq) == seq) && read_at(*c, sha, loc))
                    found.push_back(c);
        if (found.empty()) {
            diffs.push_back(where + ": not found when the evidence is imported again");
            continue;
        }
        const EventRow* e = found.front();
        for (const auto* c : found)
            if (matches_masked(r.at("kind"), c->kind) && matches_masked(r.at("time"), c->time) &&
                matches_masked(r.at("amount_minor"), opt_int(c->amount_minor)) &&
                matches_masked(r.at("body"), c->body)) {
                e = c;
                break;
            }
        matched[r.at("event_id")] = e;
        differs(where, "kind", r.at("kind"), e->kind);
        differs(where, "time", r.at("time"), e->time);
        differs(where, "utc_offset", r.at("utc_offset"), e->offset);
        differs(where, "direction", r.at("direction"), e->direction);
        differs(where, "body", r.at("body"), e->body);
        differs(where, "amount_minor", r.at("amount_minor"), opt_int(e->amount_minor));
        differs(where, "currency", r.at("currency"), e->currency);
        differs(where, "deleted", r.at("deleted"), e->deleted ? "1" : "0");
    }
    // Each further file an event was read from must hold it again: the same re-derived event, read there.
    for (const auto& r : table(bundle, "facts/sightings.csv")) {
        const auto sha = r.at("evidence_sha256");
        const auto loc = r.at("locator");
        const std::string where =
            "facts/sightings.csv event " + r.at("event_id") + " (" + sha.substr(0, 12) + " " + loc + ")";
        const auto it = matched.find(r.at("event_id"));
        if (it == matched.end())
            diffs.push_back(where + ": its event is not in facts/events.csv or was not found again");
        else if (!read_at(*it->second, sha, loc))
            diffs.push_back(where + ": not a source of that event when the evidence is imported again");
    }
    // Looked up by evidence, type and locator; only a locator that was itself masked needs a scan of
    // that evidence's sightings of the type.
    std::map<std::string, std::vector<const IdentifierRow*>> at_place, of_type;
    for (const auto& i : re.identifiers) {
        at_place[i.evidence_sha256 + "|" + i.type + "|" + i.locator].push_back(&i);
        of_type[i.evidence_sha256 + "|" + i.type].push_back(&i);
    }
    for (const auto& r : table(bundle, "facts/identifiers.csv")) {
        // A sighting the analyst supplied (--owner: "this handset is +44…") is an assertion recorded with the
        // import, not something read from the evidence, so there is nothing to re-derive it from.
        if (const auto rf = r.find("region_from"); rf != r.end() && rf->second == "analyst")
            continue;
        const auto sha = r.at("evidence_sha256");
        const auto key = sha + "|" + r.at("type");
        auto same = [&](const IdentifierRow* c) {
            return matches_masked(r.at("locator"), c->locator) && matches_masked(r.at("raw"), c->raw) &&
                   matches_masked(r.at("value"), c->value);
        };
        bool found = false;
        if (const auto it = at_place.find(key + "|" + r.at("locator")); it != at_place.end())
            for (const auto* c : it->second)
                found = found || same(c);
        if (!found && r.at("locator").find('[') != std::string::npos)
            for (const auto* c : of_type[key])
                found = found || same(c);
        if (!found)
            diffs.push_back("facts/identifiers.csv identifier " + r.at("identifier_id") + " (" +
                            sha.substr(0, 12) + " " + r.at("locator") + "): " + r.at("type") + " '" +
                            r.at("raw") + "' not found when the evidence is imported again");
    }
    return diffs;
}

} // namespace casegraph::exporter
