// Reading the case into memory (see case_data.hpp).
#include "case_data.hpp"

#include "store/time.hpp"

#include <algorithm>
#include <numeric>

namespace casegraph::graph {
namespace {

std::uint16_t intern(std::vector<std::string>& table, const std::string& s) {
    for (std::size_t i = 0; i < table.size(); ++i)
        if (table[i] == s)
            return static_cast<std::uint16_t>(i);
    table.push_back(s);
    return static_cast<std::uint16_t>(table.size() - 1);
}

const std::vector<std::string> kNoTags;

} // namespace

CaseData CaseData::load(const store::Db& db) {
    CaseData d;
    d.days_ = ZoneDays::of(db);
    d.currencies_.emplace_back();

    // Union-find over live merges; the lowest id of a cluster stands for it, so the view does not
    // depend on the order in which the analyst merged.
    std::unordered_map<std::int64_t, std::int64_t> parent;
    auto find = [&parent](std::int64_t x) {
        auto it = parent.find(x);
        while (it != parent.end() && it->second != x) {
            x = it->second;
            it = parent.find(x);
        }
        return x;
    };
    auto mg = db.prepare("SELECT entity_a, entity_b FROM merge WHERE undone_at IS NULL ORDER BY id");
    while (mg.step()) {
        const auto a = find(mg.column_int64(0));
        const auto b = find(mg.column_int64(1));
        parent.emplace(a, a);
        parent.emplace(b, b);
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
    for (const auto& [k, v] : parent)
        if (const auto r = find(k); r != k)
            d.rep_[k] = r;

    auto en = db.prepare("SELECT id, kind, label FROM entity");
    while (en.step())
        d.entities_[en.column_int64(0)] = {en.column_text(1), en.column_text(2)};
    auto tg = db.prepare("SELECT DISTINCT entity_id, tag FROM tag WHERE removed_at IS NULL ORDER BY tag");
    while (tg.step()) {
        auto& v = d.tags_[d.representative(tg.column_int64(0))];
        auto t = tg.column_text(1);
        if (std::find(v.begin(), v.end(), t) == v.end())
            v.push_back(std::move(t));
    }

    // The links first (few: one per pair, kind and currency), indexed by id, so the big per-event read
    // below joins neither `link` nor any text column. Ids are SQLite rowids, dense from 1.
    struct LinkRow {
        std::int64_t a = 0, b = 0;   // as stored (the tie order within one event)
        std::int64_t ra = 0, rb = 0; // merge representatives
        std::uint16_t kind = 0, currency = 0;
        bool directed = false, live = false;
    };
    std::vector<LinkRow> links;
    std::size_t rows = 0; // link.count = the link's events: the exact size of the read below
    auto ls = db.prepare("SELECT id, a, b, kind, directed, currency, count FROM link");
    while (ls.step()) {
        const auto id = static_cast<std::size_t>(ls.column_int64(0));
        if (id >= links.size())
            links.resize(std::max(id + 1, links.size() * 2));
        auto& l = links[id];
        l.a = ls.column_int64(1);
        l.b = ls.column_int64(2);
        l.ra = d.representative(l.a);
        l.rb = d.representative(l.b);
        l.kind = intern(d.kinds_, ls.column_text(3));
        l.directed = ls.column_int64(4) != 0;
        l.currency = intern(d.currencies_, ls.column_text(5));
        l.live = true;
        rows += static_cast<std::size_t>(std::max<std::int64_t>(0, ls.column_int64(6)));
    }
    d.pairs_.reserve(rows);

    // One row per (event, link), in event order straight from the link_event_event index: no sort in
    // SQLite. Rows of one event (an event with several parties) are put in (a, b) order afterwards.
    auto st = db.prepare("SELECT le.event_id, le.link_id, e.utc_ms, e.date, e.amount_minor, s.evidence_id "
                         "FROM link_event le JOIN event e ON e.id = le.event_id "
                         "JOIN source s ON s.id = e.source_id ORDER BY le.event_id");
    std::vector<std::pair<std::uint32_t, EventPair>> run; // (link id, pair) of the current event
    auto flush = [&] {
        if (run.size() > 1)
            std::sort(run.begin(), run.end(), [&links](const auto& x, const auto& y) {
                const auto &lx = links[x.first], &ly = links[y.first];
                return lx.a != ly.a ? lx.a < ly.a : lx.b < ly.b;
            });
        for (const auto& r : run)
            d.pairs_.push_back(r.second);
        run.clear();
    };
    while (st.step()) {
        const auto lid = static_cast<std::size_t>(st.column_int64(1));
        if (lid >= links.size() || !links[lid].live)
            continue; // link_event without its link: rebuild_links() never leaves one
        const auto& l = links[lid];
        if (l.ra == l.rb)
            continue; // both ends merged into one entity: no longer a link between two parties
        EventPair p;
        p.event_id = st.column_int64(0);
        if (!run.empty() && run.front().second.event_id != p.event_id)
            flush();
        p.a = l.ra;
        p.b = l.rb;
        p.kind = l.kind;
        p.directed = l.directed;
        p.currency = l.currency;
        if (!st.column_is_null(2)) {
            p.ms = st.column_int64(2);
            p.has_time = true;
        } else if (const auto day = st.column_opt_text(3)) {
            if (const auto ms2 = store::parse_iso_instant(*day)) {
                p.ms = *ms2;
                p.has_time = true;
                p.date_only = true;
            }
        }
        p.amount_minor = std::abs(st.column_opt_int64(4).value_or(0));
        p.evidence_id = st.column_int64(5);
        if (!p.directed && p.a > p.b)
            std::swap(p.a, p.b);
        run.emplace_back(static_cast<std::uint32_t>(lid), p);
    }
    flush();
    auto seen = db.prepare("SELECT es.event_id, s.evidence_id FROM event_sighting es JOIN source s ON s.id = "
                           "es.source_id ORDER BY es.event_id, s.evidence_id");
    while (seen.step()) {
        auto& files = d.sighting_evidence_[seen.column_int64(0)];
        if (const auto f = seen.column_int64(1); files.empty() || files.back() != f)
            files.push_back(f);
    }
    d.compute_max_entity_id();
    return d;
}

const std::vector<std::int64_t>* CaseData::sighting_evidence(std::int64_t event_id) const {
    if (sighting_evidence_.empty())
        return nullptr;
    const auto it = sighting_evidence_.find(event_id);
    return it == sighting_evidence_.end() ? nullptr : &it->second;
}

void CaseData::compute_max_entity_id() {
    max_entity_id_ = 0;
    for (const auto& p : pairs_)
        max_entity_id_ = std::max({max_entity_id_, p.a, p.b});
}

CaseData CaseData::from_parts(std::vector<EventPair> pairs, std::vector<std::string> kinds,
                              std::vector<std::string> currencies,
                              std::unordered_map<std::int64_t, EntityInfo> entities) {
    CaseData d;
    d.pairs_ = std::move(pairs);
    d.kinds_ = std::move(kinds);
    d.currencies_ = std::move(currencies);
    d.entities_ = std::move(entities);
    d.compute_max_entity_id();
    return d;
}

std::optional<std::uint16_t> CaseData::kind_index(const std::string& kind) const {
    for (std::size_t i = 0; i < kinds_.size(); ++i)
        if (kinds_[i] == kind)
            return static_cast<std::uint16_t>(i);
    return std::nullopt;
}

const EntityInfo* CaseData::entity(std::int64_t id) const {
    auto it = entities_.find(id);
    return it == entities_.end() ? nullptr : &it->second;
}

const std::vector<std::string>& CaseData::tags(std::int64_t id) const {
    auto it = tags_.find(id);
    return it == tags_.end() ? kNoTags : it->second;
}

bool CaseData::has_tag(std::int64_t id, const std::string& tag) const {
    const auto& t = tags(id);
    return std::find(t.begin(), t.end(), tag) != t.end();
}

std::vector<std::int64_t> CaseData::tagged(const std::string& tag) const {
    std::vector<std::int64_t> out;
    for (const auto& [id, t] : tags_)
        if (std::find(t.begin(), t.end(), tag) != t.end())
            out.push_back(id);
    std::sort(out.begin(), out.end());
    return out;
}

std::int64_t CaseData::representative(std::int64_t id) const {
    auto it = rep_.find(id);
    return it == rep_.end() ? id : it->second;
}

std::vector<std::int64_t> CaseData::members(std::int64_t rep) const {
    std::vector<std::int64_t> out{rep};
    for (const auto& [m, r] : rep_)
        if (r == rep)
            out.push_back(m);
    std::sort(out.begin() + 1, out.end());
    return out;
}

std::vector<EvidenceRef> evidence_for(const store::Db& db, const std::vector<std::int64_t>& ids) {
    std::vector<EvidenceRef> out;
    for (auto& s : store::event_sources(db, ids)) {
        if (s.primary)
            out.push_back({s.event_id, std::move(s.evidence_sha256), std::move(s.locator), {}});
        else if (!out.empty() && out.back().event_id == s.event_id)
            out.back().sightings.push_back(std::move(s));
    }
    return out;
}

std::string format_time(std::int64_t ms, bool date_only) {
    if (date_only)
        return store::format_date(store::utc_ms_to_civil(ms));
    auto s = store::format_utc_ms(ms);
    // Seconds are the finest precision most sources give; the .000 only adds noise for a reader.
    if (s.size() == 24 && s.compare(19, 4, ".000") == 0)
        s.erase(19, 4);
    return s;
}

} // namespace casegraph::graph
