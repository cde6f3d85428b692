// Pseudonym assignment and the text masker (see redaction.hpp). Matching works on folded code points so
// "ANNA", "anna" and "Anna" are one name, and on digit groups so "+44 (0)7700-900 123" is one number.
#include "redaction.hpp"

#include "store/audit.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <phonenumbers/phonenumberutil.h>
#include <set>

namespace casegraph::exporter {
namespace {

struct Cp {
    char32_t c;
    std::size_t at; // byte offset in the original text
};

// Decodes UTF-8 leniently: a bad byte becomes one code point of its own, so offsets stay exact.
std::vector<Cp> decode(std::string_view s) {
    std::vector<Cp> out;
    out.reserve(s.size() + 1);
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
        if (i + n > s.size())
            n = 1;
        char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
        for (std::size_t k = 1; k < n; ++k)
            c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back({c, i});
        i += n;
    }
    out.push_back({0, s.size()}); // sentinel: end offset
    return out;
}

// Case folding for the scripts names in our cases are written in (Latin, Greek, Cyrillic). Not full
// Unicode folding: other scripts compare exactly.
char32_t fold(char32_t c) {
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 0x20;
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return (c % 2 == 0) ? c + 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c % 2 == 1) ? c + 1 : c;
    if (c >= 0x391 && c <= 0x3A9)
        return c + 0x20;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    return c;
}

bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}
bool is_word(char32_t c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 || c == '_';
}
bool is_alnum(char32_t c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

std::u32string folded(std::string_view s) {
    std::u32string out;
    for (const auto& cp : decode(s))
        if (cp.at < s.size())
            out.push_back(fold(cp.c));
    return out;
}

std::string digits_of(std::string_view s) {
    std::string d;
    for (char c : s)
        if (c >= '0' && c <= '9')
            d.push_back(c);
    return d;
}

// Ways a national number is written before its significant digits: national trunk 0, international
// 00/011/+, and the UK habit "+44 (0)".
bool phone_digits_match(const std::string& d, const Redactor::Phone& p) {
    if (d.size() < p.national.size() ||
        d.compare(d.size() - p.national.size(), p.national.size(), p.national))
        return false;
    const auto prefix = d.substr(0, d.size() - p.national.size());
    const auto& cc = p.country_code;
    return prefix.empty() || prefix == "0" || prefix == cc || prefix == "00" + cc || prefix == cc + "0" ||
           prefix == "00" + cc + "0" || prefix == "011" + cc;
}

} // namespace

std::vector<Pseudonym> ensure_pseudonyms(const store::Db& db, const std::string& actor) {
    // Nothing to assign: read without a write transaction, so a read-only connection (an export on a
    // worker thread, after the UI thread assigned them) can call this too.
    const bool all_assigned =
        db.scalar_int(
            "SELECT count(*) FROM tag t WHERE t.removed_at IS NULL AND t.tag IN ('victim', 'witness') "
            "AND NOT EXISTS (SELECT 1 FROM pseudonym p WHERE p.entity_id = t.entity_id)") == 0;
    std::optional<store::Transaction> tx;
    if (!all_assigned)
        tx.emplace(db);
    // Victim wins over witness when both are set: the stronger protection.
    auto tagged =
        db.prepare("SELECT entity_id, CASE WHEN sum(tag = 'victim') > 0 THEN 'victim' ELSE 'witness' END "
                   "FROM tag WHERE removed_at IS NULL AND tag IN ('victim', 'witness') "
                   "GROUP BY entity_id ORDER BY entity_id");
    auto existing = db.prepare("SELECT role, pseudonym FROM pseudonym WHERE entity_id = ?1");
    auto next =
        db.prepare("SELECT coalesce(max(CAST(substr(pseudonym, 2) AS INTEGER)), 0) + 1 FROM pseudonym "
                   "WHERE role = ?1");
    auto ins = db.prepare("INSERT INTO pseudonym(entity_id, role, pseudonym, assigned_by, assigned_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)");
    std::vector<Pseudonym> out;
    while (tagged.step()) {
        Pseudonym p{tagged.column_int64(0), tagged.column_text(1), {}, {}};
        existing.bind(1, p.entity_id);
        if (existing.step()) {
            // Keep the first pseudonym even if the role changed since: V1 must stay V1 in every bundle.
            p.role = existing.column_text(0);
            p.name = existing.column_text(1);
        } else {
            next.bind(1, p.role);
            next.step();
            p.name = (p.role == "victim" ? "V" : "W") + std::to_string(next.column_int64(0));
            next.reset();
            ins.bind(1, p.entity_id)
                .bind(2, p.role)
                .bind(3, p.name)
                .bind(4, actor)
                .bind(5, store::now_utc_iso());
            ins.run();
            store::audit_append(
                db, actor, "pseudonym.assign",
                nlohmann::json{{"entity_id", p.entity_id}, {"role", p.role}, {"pseudonym", p.name}}.dump());
        }
        existing.reset();
        out.push_back(p);
    }
    if (tx)
        tx->commit();
    return out;
}

std::string pseudonym_key_csv(const store::Db& db, const std::vector<Pseudonym>& pseudonyms) {
    auto quote = [](const std::string& s) {
        std::string q = "\"";
        for (char c : s)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    std::string out = "pseudonym,role,entity_id,kind,label,identifiers\r\n";
    auto ent = db.prepare("SELECT kind, label FROM entity WHERE id = ?1");
    auto ids =
        db.prepare("SELECT DISTINCT i.type || ':' || i.value FROM identifier i WHERE i.entity_id = ?1 "
                   "UNION SELECT DISTINCT i.type || ' raw:' || s.raw FROM identifier i "
                   "JOIN identifier_source s ON s.identifier_id = i.id WHERE i.entity_id = ?1 ORDER BY 1");
    // Every identity of the person: the holder name a statement prints, a merged duplicate (their role
    // column says how they were reached).
    for (const auto& p : protected_identities(db, pseudonyms)) {
        ent.bind(1, p.entity_id);
        std::string kind, label;
        if (ent.step()) {
            kind = ent.column_text(0);
            label = ent.column_text(1);
        }
        ent.reset();
        std::string list;
        ids.bind(1, p.entity_id);
        while (ids.step())
            list += (list.empty() ? "" : "; ") + ids.column_text(0);
        ids.reset();
        out += quote(p.name) + "," + quote(p.via.empty() ? p.role : p.role + ": " + p.via) + "," +
               std::to_string(p.entity_id) + "," + quote(kind) + "," + quote(label) + "," + quote(list) +
               "\r\n";
    }
    return out;
}

void Redactor::add_phone(const std::string& e164, const std::string& who) {
    using i18n::phonenumbers::PhoneNumber;
    using i18n::phonenumbers::PhoneNumberUtil;
    const auto* util = PhoneNumberUtil::GetInstance();
    PhoneNumber n;
    if (util->Parse(e164, "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR) {
        add_compact(e164, who);
        return;
    }
    std::string nsn;
    util->GetNationalSignificantNumber(n, &nsn);
    phones_.push_back({std::to_string(n.country_code()), nsn, who});
}

void Redactor::add_text(const std::string& text, const std::string& who, bool whole_word) {
    auto f = folded(text);
    // Very short fragments ("Al", "x") would mask half of every message; they are not identifying alone.
    if (f.size() < 3)
        return;
    literals_.push_back({std::move(f), whole_word, who});
}

void Redactor::add_compact(const std::string& text, const std::string& who) {
    std::u32string f;
    for (char32_t c : folded(text))
        if (is_alnum(c))
            f.push_back(c);
    if (f.size() < 5)
        return;
    compact_.push_back({std::move(f), who});
}

Redactor::Redactor(const store::Db& db, const std::vector<Pseudonym>& pseudonyms) : enabled_(true) {
    auto ent = db.prepare("SELECT label FROM entity WHERE id = ?1");
    auto ids = db.prepare("SELECT id, type, value, status FROM identifier WHERE entity_id = ?1 ORDER BY id");
    auto raws =
        db.prepare("SELECT DISTINCT raw FROM identifier_source WHERE identifier_id = ?1 ORDER BY raw");
    for (const auto& p : protected_identities(db, pseudonyms)) {
        pseudonyms_[p.entity_id] = p.name;
        const std::string who = "[" + p.name + "]";
        auto add_name = [&](const std::string& name) {
            // Whole words only: victim "Ana" must not turn "IOANA DOBRE" into "IO[V1] DOBRE", which both
            // corrupts another person's name and hints at the victim's.
            add_text(name, who, true);
            // Each part of a personal name identifies too ("Anna" in "Anna Kowalska"). Only for labels
            // shaped like a name (2-4 capitalised words): the parts of "girl from the club" would mask
            // every "the" in the case.
            std::vector<std::string> words;
            std::string word;
            bool capitalised = true;
            const auto cps = decode(name);
            for (std::size_t k = 0; k < cps.size(); ++k) {
                const bool end = k + 1 == cps.size();
                if (end || !is_word(cps[k].c)) {
                    if (!word.empty())
                        words.push_back(word);
                    word.clear();
                    continue;
                }
                if (word.empty() && fold(cps[k].c) == cps[k].c)
                    capitalised = false; // a word that starts lower-case or with a digit
                word += name.substr(cps[k].at, cps[k + 1].at - cps[k].at);
            }
            if (capitalised && words.size() >= 2 && words.size() <= 4)
                for (const auto& w : words)
                    add_text(w, who, true);
        };
        ent.bind(1, p.entity_id);
        if (ent.step())
            add_name(ent.column_text(0));
        ent.reset();
        ids.bind(1, p.entity_id);
        while (ids.step()) {
            const auto type = ids.column_text(1);
            const auto value = ids.column_text(2);
            const auto status = ids.column_text(3);
            std::vector<std::string> forms{value};
            raws.bind(1, ids.column_int64(0));
            while (raws.step())
                forms.push_back(raws.column_text(0));
            raws.reset();
            for (const auto& f : forms) {
                if (type == "phone") {
                    if (!f.empty() && f[0] == '+' && status != "raw")
                        add_phone(f, who);
                    // Raw numbers (short codes, numbers without region) are matched digit for digit.
                    const auto d = digits_of(f);
                    if (d.size() >= 5) {
                        raw_digits_.push_back(d);
                        raw_digits_who_.push_back(who);
                    }
                    add_text(f, who, false);
                } else if (type == "iban" || type == "account_number" || type == "bic" || type == "imei" ||
                           type == "imsi" || type == "btc" || type == "eth") {
                    add_compact(f, who);
                } else if (type == "name") {
                    add_name(f);
                } else {
                    add_text(f, who, false);
                    // "@user123" and "user123" are the same handle; "telegram:user123" names its app.
                    const auto colon = f.find(':');
                    if (type == "handle" && colon != std::string::npos)
                        add_text(f.substr(colon + 1), who, false);
                }
            }
        }
        ids.reset();
    }
    // Longest first, so "Anna Kowalska" is masked whole before "Anna" is tried.
    std::stable_sort(literals_.begin(), literals_.end(),
                     [](const Literal& a, const Literal& b) { return a.folded.size() > b.folded.size(); });
    std::stable_sort(compact_.begin(), compact_.end(),
                     [](const Compact& a, const Compact& b) { return a.folded.size() > b.folded.size(); });
}

std::string Redactor::pseudonym_of(std::int64_t entity_id) const {
    const auto it = pseudonyms_.find(entity_id);
    return it == pseudonyms_.end() ? std::string() : it->second;
}

std::string Redactor::mask(std::string_view text) const {
    if (!enabled_ || text.empty())
        return std::string(text);
    const auto cps = decode(text);
    const std::size_t n = cps.size() - 1; // without the sentinel
    std::string out;
    std::size_t copied = 0; // byte offset up to which text has been copied or masked
    std::size_t i = 0;
    while (i < n) {
        const char32_t prev = i > 0 ? cps[i - 1].c : U' ';
        std::size_t end = 0; // code point index after a match
        const std::string* who = nullptr;
        // Identifiers written as numbers: start at the beginning of a digit run, never inside one.
        if ((is_digit(cps[i].c) || cps[i].c == '+' || cps[i].c == '(') && !is_alnum(prev) && prev != '+') {
            struct Group {
                std::size_t end;
                std::string digits;
            };
            std::vector<Group> groups;
            std::string digits;
            std::size_t k = i, seps = 0;
            while (k < n) {
                const char32_t c = cps[k].c;
                if (is_digit(c)) {
                    digits.push_back(static_cast<char>(c));
                    seps = 0;
                    if (!is_digit(cps[k + 1].c))
                        groups.push_back({k + 1, digits});
                } else if ((c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '/' ||
                            (c == '+' && k == i)) &&
                           seps < 2) {
                    ++seps;
                } else {
                    break;
                }
                ++k;
            }
            // A number ends where letters begin: "07700900123abc" is not this number.
            while (!groups.empty() && is_alnum(cps[groups.back().end].c) &&
                   !is_digit(cps[groups.back().end].c))
                groups.pop_back();
            for (auto g = groups.rbegin(); g != groups.rend() && !who; ++g) {
                for (const auto& p : phones_)
                    if (phone_digits_match(g->digits, p)) {
                        who = &p.who;
                        break;
                    }
                for (std::size_t r = 0; !who && r < raw_digits_.size(); ++r)
                    if (g->digits == raw_digits_[r])
                        who = &raw_digits_who_[r];
                if (who)
                    end = g->end;
            }
        }
        if (!who && !is_alnum(prev)) {
            for (const auto& c : compact_) {
                std::size_t k = i, t = 0;
                while (t < c.folded.size() && k < n) {
                    const char32_t f = fold(cps[k].c);
                    if (f == c.folded[t]) {
                        ++t;
                        ++k;
                    } else if (t > 0 && (f == ' ' || f == '.' || f == '-')) {
                        ++k;
                    } else {
                        break;
                    }
                }
                if (t == c.folded.size() && !is_alnum(cps[k].c)) {
                    who = &c.who;
                    end = k;
                    break;
                }
            }
        }
        if (!who) {
            for (const auto& l : literals_) {
                if (l.whole_word && is_word(prev))
                    continue;
                if (i + l.folded.size() > n)
                    continue;
                std::size_t t = 0;
                while (t < l.folded.size() && fold(cps[i + t].c) == l.folded[t])
                    ++t;
                if (t < l.folded.size() || (l.whole_word && is_word(cps[i + t].c)))
                    continue;
                who = &l.who;
                end = i + t;
                break;
            }
        }
        if (who) {
            out.append(text.substr(copied, cps[i].at - copied));
            out += *who;
            copied = cps[end].at;
            i = end;
        } else {
            ++i;
        }
    }
    out.append(text.substr(copied));
    return out;
}

} // namespace casegraph::exporter
