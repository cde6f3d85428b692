// The intents of the canvas's lasso and groups, the analysis panel's highlights, the export dialog and
// the open/create case dialog (see app.hpp). Group and ungroup are analyst actions: undoable, audited.
#include "app.hpp"

#include <sstream>

namespace casegraph::ui {

void App::group_selection() {
    const auto ids = graph.selected_entities();
    if (ids.size() < 2) {
        status = "Select two or more entities to group";
        return;
    }
    // A group inside a group is not offered: selected groups are expanded into the new one.
    std::vector<std::vector<std::int64_t>> absorbed;
    for (auto i : graph.selected())
        if (const auto* g = graph.group_at(i))
            absorbed.push_back(g->entities);
    for (const auto& a : absorbed) {
        graph.ungroup(a);
        actions.record_group(cf->db(), {a, false}, actor);
    }
    if (!graph.group(ids)) {
        status = "Those entities cannot be grouped";
        return;
    }
    actions.record_group(cf->db(), {ids, true}, actor);
    entity.reset();
    status = "Grouped " + std::to_string(ids.size()) + " entities (Ungroup or Ctrl+Z to expand)";
}

void App::ungroup_selection() {
    std::vector<std::vector<std::int64_t>> todo;
    for (auto i : graph.selected())
        if (const auto* g = graph.group_at(i))
            todo.push_back(g->entities);
    if (todo.empty()) {
        status = "Select a group node to expand";
        return;
    }
    for (const auto& ids : todo) {
        graph.ungroup(ids);
        actions.record_group(cf->db(), {ids, false}, actor);
    }
    status = "Expanded " + std::to_string(todo.size()) + " group" + (todo.size() == 1 ? "" : "s");
}

namespace {
// "OUT.zip [no-exhibit] [no-redact REASON...]" (the export-bundle script line).
ExportRequest parse_export_line(const std::string& text, ExportRequest r) {
    std::istringstream in(text);
    std::string out, word;
    in >> out;
    r.bundle = out;
    while (in >> word) {
        if (word == "no-exhibit") {
            r.exhibit.clear();
        } else if (word == "no-redact") {
            r.redact = false;
            std::getline(in, r.reason);
            r.reason.erase(0, r.reason.find_first_not_of(' '));
        }
    }
    return r;
}
} // namespace

bool App::apply_more(const Intent& in) {
    using Op = Intent::Op;
    switch (in.op) {
    case Op::toggle_open:
        view.show_open = !view.show_open;
        case_model.recent = read_recent_cases();
        if (view.show_open)
            browser.list(in.text.empty() ? (cf ? cf->path().parent_path() : std::filesystem::current_path())
                                         : std::filesystem::path(in.text));
        return true;
    case Op::new_case: {
        if (auto why = new_case_problem(in.text, browser.region, browser.tz); !why.empty()) {
            status = why;
            return true;
        }
        store::CaseSettings s;
        s.region = browser.region;
        s.tz = browser.tz;
        s.analyst = actor;
        (void)store::CaseFile::create(in.text, s, actor);
        open_case(in.text);
        status = "Created and opened " + in.text;
        return true;
    }
    case Op::lasso_mode:
        view.lasso = in.a != 0;
        return true;
    case Op::export_redact:
        view.export_redact = in.a != 0;
        return true;
    default:
        break;
    }
    const bool ours = in.op == Op::lasso_select || in.op == Op::group || in.op == Op::ungroup ||
                      in.op == Op::find_path || in.op == Op::highlight_path || in.op == Op::run_indicator ||
                      in.op == Op::highlight_match || in.op == Op::clear_highlight || in.op == Op::export_run;
    if (!ours)
        return false;
    if (!cf) {
        status = "No case is open";
        return true;
    }
    const auto& db = cf->db();
    switch (in.op) {
    case Op::lasso_select: {
        const auto n = graph.lasso_select(in.points, in.additive);
        status = "Lasso selected " + std::to_string(n) + " nodes";
        if (const auto sel = graph.selected(); sel.size() == 1 && !graph.group_at(sel.front()))
            select_entity(graph.nodes()[sel.front()].entity);
        break;
    }
    case Op::group:
        group_selection();
        break;
    case Op::ungroup:
        ungroup_selection();
        break;
    case Op::find_path: {
        std::istringstream p(in.text);
        std::string a, b;
        p >> a >> b;
        analysis.find_paths(db, case_model.settings.region, a, b);
        if (!analysis.paths.empty())
            apply({Op::highlight_path, "", 0, 0, 0});
        else
            status = analysis.path_error;
        break;
    }
    case Op::highlight_path:
        if (in.id >= 0 && static_cast<std::size_t>(in.id) < analysis.paths.size()) {
            const auto& p = analysis.paths[static_cast<std::size_t>(in.id)];
            const auto shown = graph.highlight(path_entities(p), true,
                                               "path " + analysis.path_from + " - " + analysis.path_to +
                                                   " (" + std::to_string(p.size() - 1) + " hops)");
            status = "Path of " + std::to_string(p.size() - 1) + " hops highlighted (" +
                     std::to_string(shown) + " of " + std::to_string(p.size()) + " entities on the canvas)";
        }
        break;
    case Op::run_indicator:
        analysis.run_indicator(db, case_model.settings.region, in.text);
        if (!analysis.indicator_error.empty())
            status = analysis.indicator_error;
        else
            apply({Op::highlight_match, "", 0, 0, -1});
        break;
    case Op::highlight_match: {
        if (in.id < 0) {
            const auto shown = graph.highlight(all_match_entities(analysis.matches), false,
                                               analysis.indicator + " (" +
                                                   std::to_string(analysis.matches.size()) + " matches)");
            status = analysis.indicator + ": " + std::to_string(analysis.matches.size()) + " matches, " +
                     std::to_string(shown) + " entities highlighted";
        } else if (static_cast<std::size_t>(in.id) < analysis.matches.size()) {
            const auto& m = analysis.matches[static_cast<std::size_t>(in.id)];
            graph.highlight(m.entities, false, analysis.indicator + " match " + std::to_string(in.id + 1));
            status = m.summary;
        }
        break;
    }
    case Op::clear_highlight:
        graph.clear_highlight();
        break;
    case Op::export_run: {
        ExportRequest r;
        r.bundle = in.text.empty() ? export_form.bundle_path : in.text;
        if (export_form.with_exhibit)
            r.exhibit = "exhibit"; // named beside the bundle below
        r.entities = graph.selected_entities();
        r.window = timeline.brush;
        r.redact = view.export_redact;
        r.reason = export_form.reason;
        r.actor = actor;
        if (!in.text.empty())
            r = parse_export_line(in.text, r);
        if (!r.exhibit.empty()) { // beside the bundle, named after it
            r.exhibit = r.bundle;
            r.exhibit.replace_filename(r.bundle.stem().string() + "-link" + export_form.exhibit_ext);
        }
        export_form.bundle_path = r.bundle.string();
        view.show_export = true;
        if (!export_job.start(*cf, r)) {
            if (export_job.state() == ExportState::running) {
                status = "An export is already running";
            } else {
                export_form.last = export_job.outcome();
                status = "Export failed: " + export_job.outcome().error;
            }
            break;
        }
        export_form.last.reset();
        status = "Exporting " + r.bundle.string() + " ...";
        if (in.a != 0) { // a script line: wait, so the next line sees the result
            export_job.wait();
            poll_export();
        }
        break;
    }
    case Op::export_cancel:
        export_job.cancel();
        status = "Cancelling the export ...";
        break;
    default:
        break;
    }
    return true;
}

void App::poll_export() {
    if (!cf || !export_job.poll(*cf))
        return;
    export_form.last = export_job.outcome();
    const auto& o = export_job.outcome();
    if (o.ok)
        status = "Exported " + o.bundle;
    else if (export_job.state() == ExportState::cancelled)
        status = o.error;
    else
        status = "Export failed: " + o.error;
}

} // namespace casegraph::ui
