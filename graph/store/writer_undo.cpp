// ImportWriter's undo log: taking back a failed record's rows without a savepoint (see writer.hpp).
#include "writer.hpp"

#include <sqlite3.h>

namespace casegraph::store {

void ImportWriter::undo_row(const UndoRow& u) {
    const auto by_id = [&](std::string_view sql) { db_.prepare(sql).bind(1, u.a).run(); };
    // Keys of the WITHOUT ROWID tables: two ids and, where the statement has ?3, a text column.
    const auto by_key = [&](std::string_view sql) {
        auto st = db_.prepare(sql);
        st.bind(1, u.a).bind(2, u.b);
        if (sql.find("?3") != std::string_view::npos)
            st.bind(3, u.text);
        st.run();
    };
    switch (u.kind) {
    case UndoKind::source:
        by_id("DELETE FROM source WHERE id = ?1");
        break;
    case UndoKind::entity:
        by_id("DELETE FROM entity WHERE id = ?1");
        break;
    case UndoKind::identifier:
        by_id("DELETE FROM identifier WHERE id = ?1");
        break;
    case UndoKind::event:
        by_id("DELETE FROM event WHERE id = ?1");
        break;
    case UndoKind::import_error:
        by_id("DELETE FROM import_error WHERE id = ?1");
        break;
    case UndoKind::search:
        by_id("DELETE FROM search WHERE rowid = ?1");
        break;
    case UndoKind::identifier_source:
        by_key("DELETE FROM identifier_source WHERE identifier_id = ?1 AND source_id = ?2 AND raw = ?3");
        break;
    case UndoKind::entity_source:
        by_key("DELETE FROM entity_source WHERE entity_id = ?1 AND source_id = ?2 AND role = ?3");
        break;
    case UndoKind::event_party:
        by_key("DELETE FROM event_party WHERE event_id = ?1 AND entity_id = ?2 AND role = ?3");
        break;
    case UndoKind::event_sighting:
        by_key("DELETE FROM event_sighting WHERE event_id = ?1 AND source_id = ?2");
        break;
    case UndoKind::label:
        db_.prepare("UPDATE entity SET label = ?2 WHERE id = ?1").bind(1, u.a).bind(2, u.text).run();
        break;
    }
    own_changes_ += db_.changes();
}

void ImportWriter::undo_after(std::size_t mark) {
    // No transaction open: SQLite rolled it back itself (a full disk, an I/O error) and the rows are
    // gone; writing now would write outside any transaction.
    if (sqlite3_get_autocommit(db_.handle()) != 0) {
        forget_undo_after(mark);
        return;
    }
    // Newest first: an event's parties go before the event, an identifier before its entity, so no
    // foreign key is ever left dangling on the way.
    while (undo_.size() > mark) {
        undo_row(undo_.back());
        undo_.pop_back();
    }
}

} // namespace casegraph::store
