// ISO 20022 bank-to-customer messages: camt.053 statements, camt.052 intraday reports and camt.054
// notifications, any schema version, streamed one statement child (one Ntry) at a time.
#include "camt_parts.hpp"
#include "formats.hpp"

#include <map>

namespace casegraph::ingest {
namespace {

using camt::day_of;
using camt::Statement;

constexpr std::string_view kNamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.";

// "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" -> "camt.053.001.02", or "" when not a camt
// message this importer knows (052, 053, 054 share the entry structure).
std::string message_of(std::string_view ns) {
    if (ns.substr(0, kNamespacePrefix.size()) != kNamespacePrefix)
        return {};
    const std::string_view rest = ns.substr(kNamespacePrefix.size());
    if (rest.size() < 3 ||
        (rest.substr(0, 3) != "052" && rest.substr(0, 3) != "053" && rest.substr(0, 3) != "054"))
        return {};
    return "camt." + std::string(rest);
}

bool is_statement_element(std::string_view n) {
    return n == "Stmt" || n == "Rpt" || n == "Ntfctn";
}

class Camt final : public Importer {
  public:
    std::string_view format() const override { return "camt"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "ISO 20022 camt.053 / camt.052 / camt.054 bank-to-customer statements and notifications";
    }

    int detect(const Probe& p) const override {
        const auto head = p.head_text();
        for (std::string_view m : {"camt.053.", "camt.052.", "camt.054."}) {
            const std::string needle = std::string("urn:iso:std:iso:20022:tech:xsd:") + std::string(m);
            if (head.find(needle) != std::string_view::npos && head.find('<') != std::string_view::npos)
                return 95;
        }
        return 0;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        // ISO 20022 is UTF-8: a byte that is not (or a control character XML forbids) becomes U+FFFD and
        // the file reads on, instead of everything after it being lost.
        XmlStream x(input.path, input.display_name, XmlStream::Chars::filtered);
        Walk walk{ctx, input};
        try {
            walk.run(x);
        } catch (const XmlError& e) {
            if (!walk.started)
                throw InputError("failed", e.what());
            // Whatever was read before the break stays imported; the statement being read is still
            // checked so a truncated file shows up as a balance mismatch too.
            ctx.error(walk.reading, std::string(e.what()) +
                                        "; the entries before this point were imported, the rest of the file "
                                        "could not be read");
            if (walk.st) {
                walk.st->problems.push_back("the file ends or breaks inside this statement");
                walk.finish();
            }
        }
        ctx.note("message", walk.message);
        ctx.note("statements", walk.statements);
        if (x.replaced() > 0)
            ctx.warning("xml:/Document", std::to_string(x.replaced()) +
                                             " character(s) not allowed in XML 1.0 (or bytes that are not "
                                             "UTF-8) were replaced by U+FFFD");
    }

  private:
    struct Walk {
        ImportContext& ctx;
        const Input& input;
        std::string message;   // camt.053.001.02
        std::string root_path; // xml:/Document/BkToCstmrStmt
        std::string reading = "xml:/Document";
        bool started = false; // past the root: errors from here on are partial imports
        std::optional<Statement> st;
        bank::Continuity continuity;
        std::map<std::string, int> child_counts; // per statement: sibling index of each child name
        std::map<std::string, int> stmt_counts;
        int statements = 0;
        std::string opening_code; // OPBD or PRCD, whichever gave the statement's opening balance
        std::string opening_date, closing_date; // of those balances, for statements without FrToDt

        void run(XmlStream& x) {
            for (auto tok = x.next(); tok != XmlStream::Token::eof; tok = x.next()) {
                const int depth = x.depth();
                if (tok == XmlStream::Token::end) {
                    if (depth == 2 && st)
                        finish();
                    continue;
                }
                const std::string name = x.local_name();
                if (depth == 0) {
                    message = message_of(x.namespace_uri());
                    if (name != "Document" || message.empty())
                        throw InputError("unsupported", input.display_name + ": root element <" + name +
                                                            "> in namespace '" + x.namespace_uri() +
                                                            "' is not a camt.052/053/054 Document");
                    started = true;
                } else if (depth == 1) {
                    root_path = "xml:/Document/" + name;
                    reading = root_path;
                    if (name.rfind("BkToCstmr", 0) != 0)
                        throw InputError("unsupported", input.display_name + ": <" + name +
                                                            "> is not a bank-to-customer message");
                } else if (depth == 2 && is_statement_element(name)) {
                    begin(name);
                    if (x.empty())
                        finish();
                } else if (depth == 2) {
                    reading = root_path + "/" + name;
                    const XmlNode n = x.subtree();
                    if (name == "GrpHdr") {
                        ctx.note("msg_id", n.text_at({"MsgId"}));
                        ctx.note("created", n.text_at({"CreDtTm"}));
                    }
                } else if (depth == 3 && st) {
                    const int k = ++child_counts[name];
                    const std::string loc = st->inner + "/" + name + "[" + std::to_string(k) + "]";
                    reading = loc;
                    const XmlNode n = x.subtree();
                    child(n, loc);
                } else {
                    // Deeper elements are read as part of a subtree; anything else is out of place.
                    reading = root_path + "/" + name;
                    (void)x.subtree();
                    ctx.warning(reading, "element <" + name + "> at depth " + std::to_string(depth) +
                                             " is not part of a camt statement; not imported");
                }
            }
        }

        void begin(const std::string& element) {
            Statement s;
            s.element = element;
            s.index = ++stmt_counts[element];
            s.inner = root_path + "/" + element + "[" + std::to_string(s.index) + "]";
            s.message = message;
            st = std::move(s);
            reading = st->inner;
            child_counts.clear();
            opening_code.clear();
            opening_date.clear();
            closing_date.clear();
            ++statements;
        }

        // The statement's own account and holder: written outside any entry so that a failed entry
        // cannot roll them back under the ids the later entries use.
        void account(const XmlNode& acct, const std::string& loc) {
            auto& w = ctx.writer();
            st->account_seen = true;
            std::string id = acct.text_at({"Id", "IBAN"});
            if (id.empty())
                id = acct.text_at({"Id", "Othr", "Id"});
            st->currency = acct.text_at({"Ccy"});
            st->servicer_bic = acct.text_at({"Svcr", "FinInstnId", "BICFI"});
            if (st->servicer_bic.empty())
                st->servicer_bic = acct.text_at({"Svcr", "FinInstnId", "BIC"});
            std::string owner = acct.text_at({"Ownr", "Nm"});
            if (owner.empty())
                owner = acct.text_at({"Ownr", "Pty", "Nm"});
            owner = bank::collapse_spaces(owner);
            ctx.record(loc, [&] {
                const auto src = w.source(ctx.locator(loc));
                if (id.empty()) {
                    ctx.warning(loc, "the statement's account has no IBAN or other id");
                    placeholder(src);
                } else {
                    const auto a = bank::account_entity(w, id, st->servicer_bic, src);
                    st->account_entity = a.entity_id;
                    st->account = a.value;
                }
                if (!owner.empty()) {
                    // The holder is keyed by this evidence and account: the same name on another
                    // account or in another file is not known to be the same party.
                    st->owner_entity =
                        w.entity(bank::party_kind(owner),
                                 "holder:" + w.evidence_sha256() + ":" + st->account + ":" + owner, owner,
                                 src, "holder");
                    w.label_if_empty(st->account_entity, owner);
                }
            });
            if (st->account_entity == 0) // the record failed; entries still need an account to hang on
                placeholder(w.source(ctx.locator(loc)));
        }

        void placeholder(std::int64_t src) {
            auto& w = ctx.writer();
            st->account = "unknown";
            st->account_entity =
                w.entity("account", "account-unknown:" + w.evidence_sha256() + ":" + st->inner,
                         "unknown account of " + input.display_name, src, "account");
        }

        void balance(const XmlNode& bal, const std::string& loc) {
            std::string code = bal.text_at({"Tp", "CdOrPrtry", "Cd"});
            if (code.empty())
                code = bal.text_at({"Tp", "CdOrPrtry", "Prtry"});
            // OPBD opening booked; PRCD previously closed booked stands in for it in some banks' files.
            const bool opening = code == "OPBD" || code == "PRCD";
            const bool closing = code == "CLBD";
            if (!opening && !closing)
                return; // available, interim and forward balances do not enter the check
            ctx.record(loc, [&] {
                const auto* amt = bal.child("Amt");
                if (amt == nullptr)
                    throw std::runtime_error("balance " + code + " has no Amt");
                const auto m = camt::money(*amt, bal.text_at({"CdtDbtInd"}), st->currency);
                const std::string day = day_of(bal.text_at({"Dt", "Dt"}).empty() ? bal.text_at({"Dt", "DtTm"})
                                                                                 : bal.text_at({"Dt", "Dt"}));
                if (closing) {
                    if (st->closing) {
                        ctx.warning(loc, "a second CLBD balance; the first is used");
                    } else {
                        st->closing = m;
                        closing_date = day;
                    }
                } else if (!st->opening || (code == "OPBD" && opening_code == "PRCD")) {
                    st->opening = m;
                    opening_code = code;
                    opening_date = day;
                } else if (code == opening_code) {
                    ctx.warning(loc, "a second " + code + " balance; the first is used");
                }
                ctx.writer().source(ctx.locator(loc));
            });
        }

        void child(const XmlNode& n, const std::string& loc) {
            if (n.name == "Id") {
                st->id = n.trimmed_text();
            } else if (n.name == "ElctrncSeqNb") {
                st->electronic_seq = n.trimmed_text();
            } else if (n.name == "LglSeqNb") {
                st->legal_seq = n.trimmed_text();
            } else if (n.name == "FrToDt") {
                // The day as written: the period's own calendar, not shifted to UTC.
                st->from_date =
                    day_of(n.text_at({"FrDtTm"}).empty() ? n.text_at({"FrDt"}) : n.text_at({"FrDtTm"}));
                st->to_date =
                    day_of(n.text_at({"ToDtTm"}).empty() ? n.text_at({"ToDt"}) : n.text_at({"ToDtTm"}));
            } else if (n.name == "TxsSummry") {
                st->summary = n;
            } else if (n.name == "CpyDplctInd") {
                // CODU copy and duplicate, COPY a copy for another party, DUPL sent before.
                ctx.warning(loc,
                            "the bank marks this statement " + n.trimmed_text() +
                                " (a copy or duplicate of one sent before): if the original is in the case "
                                "too, its entries are there twice (casegraph query CASE statements)");
            } else if (n.name == "Acct") {
                account(n, loc);
            } else if (n.name == "Bal") {
                balance(n, loc);
            } else if (n.name == "Ntry") {
                if (!st->account_seen) {
                    ctx.warning(loc, "entry before the statement's account (Acct): the account is unknown");
                    st->account_seen = true;
                    placeholder(ctx.writer().source(ctx.locator(st->inner)));
                }
                if (st->currency.empty())
                    st->currency = n.child("Amt") ? n.child("Amt")->attr("Ccy").value_or("") : "";
                camt::import_entry(ctx, *st, n, loc);
            }
        }

        void finish() {
            Statement& s = *st;
            bank::BalanceCheck c;
            c.inner_locator = s.inner;
            c.what = s.message.substr(0, 8) + " " + s.element + "[" + std::to_string(s.index) + "]" +
                     (s.id.empty() ? "" : " (Id " + s.id + ")");
            c.account = s.account;
            if (s.currency.empty())
                s.currency = s.opening ? s.opening->currency : (s.closing ? s.closing->currency : "");
            c.currency = s.currency;
            c.digits = bank::minor_digits(s.currency);
            c.sum = s.sum;
            c.entries = s.booked;
            c.problems = s.problems;
            for (const auto* b : {&s.opening, &s.closing}) {
                if (!*b)
                    continue;
                if ((*b)->currency != s.currency)
                    c.problems.push_back(std::string(b == &s.opening ? "the opening" : "the closing") +
                                         " balance is in " + (*b)->currency + ", the account in " +
                                         s.currency);
            }
            if (s.opening) {
                c.opening = s.opening->minor;
                c.opening_currency = s.opening->currency;
            }
            if (s.closing) {
                c.closing = s.closing->minor;
                c.closing_currency = s.closing->currency;
            }
            if (s.message.rfind("camt.053", 0) != 0)
                c.no_balance_note = "camt.052 intraday reports and camt.054 notifications usually carry none";
            else
                c.no_balance_note = "a camt.053 statement normally carries OPBD and CLBD";
            c.statement_ref = s.id;
            if (!s.electronic_seq.empty() || !s.legal_seq.empty()) {
                c.seq = s.electronic_seq.empty()
                            ? "LglSeqNb " + s.legal_seq
                            : "ElctrncSeqNb " + s.electronic_seq +
                                  (s.legal_seq.empty() ? "" : " / LglSeqNb " + s.legal_seq);
                // The electronic number counts every statement sent; the legal one may stay the same
                // across several of them, so it only orders statements when it is all there is.
                c.seq_number =
                    bank::parse_seq(s.electronic_seq.empty() ? s.legal_seq : s.electronic_seq).number;
            }
            c.from_date = s.from_date.empty() ? opening_date : s.from_date;
            c.to_date = s.to_date.empty() ? closing_date : s.to_date;
            if (s.summary)
                c.summary_mismatches = camt::summary_mismatches(*s.summary, s);
            (void)bank::check_balances(ctx, c);
            continuity.check(ctx, c);
            st.reset();
            reading = root_path;
        }
    };
};

} // namespace

const Importer& camt_importer() {
    static const Camt instance;
    return instance;
}

} // namespace casegraph::ingest
