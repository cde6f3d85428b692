// Mining IBANs and phone numbers out of message text (see mentions.hpp).
#include "mentions.hpp"

#include "writer.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

namespace casegraph::store {
namespace {

bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

// An IBAN starting at i (two capitals, two digits), written electronically or in groups of four
// separated by single spaces. The longest prefix of 15..34 characters that passes its checks wins;
// IBANs of countries with a known length pass at that length only.
std::optional<TextMention> iban_at(std::string_view t, std::size_t i) {
    if (i + 4 > t.size() || !is_upper(t[i]) || !is_upper(t[i + 1]) || !is_digit(t[i + 2]) ||
        !is_digit(t[i + 3]))
        return std::nullopt;
    std::string compact;
    std::vector<std::size_t> ends; // ends[k]: text offset just past the k+1-th character
    for (std::size_t j = i; j < t.size() && compact.size() < 34; ++j) {
        const char c = t[j];
        if (is_alnum(c)) {
            compact += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            ends.push_back(j + 1);
        } else if (c == ' ' && j + 1 < t.size() && is_alnum(t[j + 1]) && j > i && t[j - 1] != ' ') {
            continue;
        } else {
            break;
        }
    }
    for (std::size_t n = compact.size(); n >= 15; --n) {
        // The IBAN must end where a group ends: not in the middle of a following word.
        if (ends[n - 1] < t.size() && n < compact.size() && is_alnum(t[ends[n - 1]]))
            continue;
        const auto id = normalize_iban(compact.substr(0, n));
        if (id.status == IdStatus::valid || id.status == IdStatus::possible)
            return TextMention{"iban", std::string(t.substr(i, ends[n - 1] - i)), id.value, i};
    }
    return std::nullopt;
}

// A phone number starting at i: '+' or '0', then digits with single spaces, dashes or brackets between
// groups, 9 to 15 digits in all. Dots and slashes are left out: they write dates, not numbers.
std::optional<TextMention> phone_at(std::string_view t, std::size_t i, std::string_view region) {
    if (i < t.size() && t[i] != '+' && t[i] != '0' && t[i] != '(')
        return std::nullopt;
    std::size_t digits = 0, end = i;
    char prev = 0;
    for (std::size_t j = i; j < t.size(); prev = t[j], ++j) {
        const char c = t[j];
        if (is_digit(c)) {
            if (++digits > 15)
                return std::nullopt; // a longer run of digits is a reference, not a phone number
            end = j + 1;
        } else if (c == '+' && j == i) {
            continue;
        } else if (c == ' ' || c == '-' || c == '(' || c == ')') {
            if ((c == ' ' || c == '-') && (prev == ' ' || prev == '-'))
                break; // "07700 900123 - thanks": a double separator ends the number
        } else {
            break;
        }
    }
    if (digits < 9 || (end < t.size() && is_alnum(t[end])))
        return std::nullopt;
    const std::string raw(t.substr(i, end - i));
    if (raw.find_first_of("+0") != 0 && raw.rfind("(0", 0) != 0)
        return std::nullopt;
    const auto id = normalize_phone(raw, region);
    if (!id.mergeable())
        return std::nullopt;
    return TextMention{"phone", raw, id.value, i};
}

struct Row {
    std::int64_t event_id = 0, source_id = 0, evidence_id = 0, run_id = 0;
    std::string body;
};

} // namespace

std::vector<TextMention> find_text_mentions(std::string_view text, std::string_view region) {
    std::vector<TextMention> out;
    std::vector<std::pair<std::size_t, std::size_t>> taken; // IBAN spans: their digits are no phones
    for (std::size_t i = 0; i + 15 <= text.size(); ++i) {
        if (i > 0 && is_alnum(text[i - 1]))
            continue;
        if (auto m = iban_at(text, i)) {
            taken.emplace_back(i, i + m->raw.size());
            i += m->raw.size() - 1;
            out.push_back(std::move(*m));
        }
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i > 0 && (is_alnum(text[i - 1]) || text[i - 1] == '+'))
            continue;
        const bool inside = std::any_of(taken.begin(), taken.end(),
                                        [i](const auto& s) { return i >= s.first && i < s.second; });
        if (inside)
            continue;
        if (auto m = phone_at(text, i, region)) {
            i += m->raw.size() - 1;
            out.push_back(std::move(*m));
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
    return out;
}

std::size_t mine_mentions_for_todo(const Db& db) {
    db.exec("CREATE TEMP TABLE IF NOT EXISTS link_mentions(ev INTEGER, a INTEGER, b INTEGER)");
    std::string case_region;
    {
        auto st = db.prepare("SELECT value FROM case_info WHERE key = 'region'");
        if (st.step())
            case_region = st.column_text(0);
    }
    // The messages are read in batches of kBatch (not all at once: their bodies were ~250 bytes of
    // memory per event at the end of a big import) and each batch is finished before the next is read.
    // CROSS JOIN keeps the walk on link_todo's key: left to itself the planner starts from event_kind and
    // scans every later message, then sorts, for each batch (quadratic).
    constexpr std::int64_t kBatch = 4096;
    auto sel =
        db.prepare("SELECT e.id, e.source_id, s.evidence_id, s.import_run_id, e.body "
                   "FROM temp.link_todo t CROSS JOIN event e ON e.id = t.event_id CROSS JOIN source s ON "
                   "s.id = e.source_id "
                   "WHERE t.event_id > ?1 AND e.kind = 'message' AND e.body IS NOT NULL AND e.body <> '' "
                   "ORDER BY t.event_id LIMIT ?2");
    auto run_info = db.prepare("SELECT f.sha256, r.params FROM import_run r JOIN evidence_file f ON "
                               "f.id = r.evidence_id WHERE r.id = ?1");
    auto senders = db.prepare("SELECT entity_id FROM event_party WHERE event_id = ?1 AND role = 'sender' "
                              "ORDER BY entity_id");
    auto ins = db.prepare("INSERT INTO temp.link_mentions(ev, a, b) VALUES (?1, ?2, ?3)");
    // One writer per import run: sightings are recorded as that run's evidence, with its scope rules.
    struct RunState {
        std::unique_ptr<ImportWriter> writer;
        RegionHint region;
    };
    std::map<std::int64_t, RunState> runs;
    const auto run_state = [&](const Row& r) -> RunState& {
        auto [it, added] = runs.try_emplace(r.run_id);
        if (!added)
            return it->second;
        std::string sha256;
        std::string params_text;
        run_info.bind(1, r.run_id);
        if (run_info.step()) {
            sha256 = run_info.column_text(0);
            params_text = run_info.column_text(1);
        }
        run_info.reset();
        const auto params = nlohmann::json::parse(params_text, nullptr, false);
        it->second.region = {case_region, "case"};
        if (params.is_object() && params.value("region", std::string()) != "")
            it->second.region = {params.value("region", std::string()),
                                 params.value("region_from", std::string("case"))};
        it->second.writer = std::make_unique<ImportWriter>(db, r.evidence_id, r.run_id, sha256);
        return it->second;
    };
    std::size_t found = 0;
    std::vector<Row> rows;
    for (std::int64_t last = 0;;) {
        rows.clear();
        sel.bind(1, last).bind(2, kBatch);
        while (sel.step())
            rows.push_back({sel.column_int64(0), sel.column_int64(1), sel.column_int64(2),
                            sel.column_int64(3), sel.column_text(4)});
        sel.reset();
        if (rows.empty())
            break;
        last = rows.back().event_id;
        for (const auto& r : rows) {
            auto& run = run_state(r);
            const auto mentions = find_text_mentions(r.body, run.region.region);
            if (mentions.empty())
                continue;
            std::vector<std::int64_t> from;
            senders.bind(1, r.event_id);
            while (senders.step())
                from.push_back(senders.column_int64(0));
            senders.reset();
            for (const auto& m : mentions) {
                const auto res = run.writer->identifier(m.type, m.raw, r.source_id, run.region);
                ++found;
                for (const auto a : from)
                    if (a != res.entity_id)
                        ins.bind(1, r.event_id).bind(2, a).bind(3, res.entity_id).run();
            }
        }
    }
    return found;
}

} // namespace casegraph::store
