// Applying intents to the view models; script parsing; view state saved with the case (see app.hpp).
#include "app.hpp"

#include "store/annotations.hpp"

#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace casegraph::ui {

const char* screen_name(Screen s) {
    switch (s) {
    case Screen::case_:
        return "case";
    case Screen::investigate:
        return "graph";
    case Screen::money:
        return "money";
    case Screen::analysis:
        return "analysis";
    }
    return "graph";
}

std::optional<std::int64_t> parse_utc(const std::string& s) {
    std::tm tm{};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    const int n = std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec);
    if (n != 3 && n != 5 && n != 6)
        return std::nullopt;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

std::optional<Intent> parse_script_line(const std::string& raw) {
    std::istringstream in(raw);
    std::string cmd;
    if (!(in >> cmd) || cmd[0] == '#')
        return std::nullopt;
    std::string rest;
    std::getline(in, rest);
    rest.erase(0, rest.find_first_not_of(' '));
    using Op = Intent::Op;
    auto num = [&](const std::string& s) {
        try {
            return std::stod(s);
        } catch (const std::exception&) {
            throw std::invalid_argument("'" + cmd + "' needs a number, got '" + s + "'");
        }
    };
    auto need = [&] {
        if (rest.empty())
            throw std::invalid_argument("'" + cmd + "' needs an argument");
    };
    Intent it;
    if (cmd == "open") {
        need();
        it = {Op::open, rest};
    } else if (cmd == "select") {
        need();
        it = {Op::select, rest};
    } else if (cmd == "event") {
        need();
        it = {Op::select_event, "", 0, 0, static_cast<std::int64_t>(num(rest))};
    } else if (cmd == "search") {
        it = {Op::search, rest};
    } else if (cmd == "zoom") {
        need();
        it = {Op::zoom, "", num(rest)};
    } else if (cmd == "pan") {
        std::istringstream p(rest);
        std::string x, y;
        p >> x >> y;
        it = {Op::pan, "", num(x), num(y)};
    } else if (cmd == "fit") {
        it = {Op::fit};
    } else if (cmd == "screen") {
        need();
        it = {Op::screen, rest};
    } else if (cmd == "tag") {
        need();
        it = {Op::tag, rest};
    } else if (cmd == "untag") {
        need();
        it = {Op::untag, rest};
    } else if (cmd == "undo") {
        it = {Op::undo};
    } else if (cmd == "redo") {
        it = {Op::redo};
    } else if (cmd == "pause") {
        it = {Op::layout_pause};
    } else if (cmd == "resume") {
        it = {Op::layout_resume};
    } else if (cmd == "rerun") {
        it = {Op::layout_rerun};
    } else if (cmd == "pin") {
        it = {Op::pin};
    } else if (cmd == "unpin") {
        it = {Op::unpin};
    } else if (cmd == "hide") {
        it = {Op::hide};
    } else if (cmd == "unhide") {
        it = {Op::unhide_all};
    } else if (cmd == "expand") {
        it = {Op::expand};
    } else if (cmd == "brush") {
        std::istringstream p(rest);
        std::string f, t;
        p >> f >> t;
        const auto a = parse_utc(f), b = parse_utc(t);
        if (!a || !b)
            throw std::invalid_argument("'brush' needs two times (2024-01-08 or 2024-01-08T10:00)");
        it = {Op::brush, "", static_cast<double>(*a), static_cast<double>(*b)};
    } else if (cmd == "unbrush") {
        it = {Op::clear_brush};
    } else if (cmd == "timeline-zoom") {
        need();
        it = {Op::timeline_zoom, "", num(rest)};
    } else if (cmd == "bucket") {
        // "bucket 2024-01-08": list that day's events in the case zone, as clicking its daily bar does.
        if (!CaseClock::parse_day(rest))
            throw std::invalid_argument("'bucket' needs a day (2024-01-08)");
        it = {Op::open_bucket, rest};
    } else if (cmd == "verify") {
        it = {Op::verify};
    } else if (cmd == "ingest") {
        need();
        it = {Op::ingest, rest};
    } else if (cmd == "export") {
        it = {Op::toggle_export};
    } else if (cmd == "wait-layout") {
        it = {Op::wait_layout, "", rest.empty() ? 5000.0 : num(rest)};
    } else if (cmd == "screenshot") {
        need();
        it = {Op::screenshot, rest};
    } else if (cmd == "frames") {
        need();
        it = {Op::frames, "", num(rest)};
    } else if (cmd == "quit") {
        it = {Op::quit};
    } else if (cmd == "close") {
        it = {Op::close_dialogs};
    } else if (cmd == "lasso" || cmd == "box") {
        // lasso X Y X Y X Y ... (screen pixels, at least three points); box X0 Y0 X1 Y1
        std::istringstream p(rest);
        std::vector<Vec2> pts;
        for (std::string x, y; p >> x >> y;)
            pts.push_back({static_cast<float>(num(x)), static_cast<float>(num(y))});
        if (cmd == "box") {
            if (pts.size() != 2)
                throw std::invalid_argument("'box' needs X0 Y0 X1 Y1");
            it = {Op::box_select};
            it.box = Rect::from_corners(pts[0], pts[1]);
        } else {
            if (pts.size() < 3)
                throw std::invalid_argument("'lasso' needs at least three X Y points");
            it = {Op::lasso_select};
            it.points = std::move(pts);
        }
    } else if (cmd == "drag") {
        // drag X Y: the selected node (or group) is dropped at screen point X,Y, as a mouse drag does.
        std::istringstream p(rest);
        std::string x, y;
        if (!(p >> x >> y))
            throw std::invalid_argument("'drag' needs X Y (a screen point)");
        it = {Op::move_node, "", 0, 0, -1};
        it.at = {static_cast<float>(num(x)), static_cast<float>(num(y))};
    } else if (cmd == "lasso-mode") {
        it = {Op::lasso_mode, "", rest != "off" ? 1.0 : 0.0};
    } else if (cmd == "group") {
        it = {Op::group};
    } else if (cmd == "ungroup") {
        it = {Op::ungroup};
    } else if (cmd == "path") {
        need();
        it = {Op::find_path, rest};
    } else if (cmd == "indicator") {
        need();
        it = {Op::run_indicator, rest};
    } else if (cmd == "unhighlight") {
        it = {Op::clear_highlight};
    } else if (cmd == "export-bundle") {
        // export-bundle OUT.zip [no-exhibit] [no-redact REASON...]; the script waits for it
        need();
        it = {Op::export_run, rest, 1.0};
    } else if (cmd == "open-dialog") {
        it = {Op::toggle_open, rest};
    } else if (cmd == "new") {
        need();
        it = {Op::new_case, rest};
    } else
        throw std::invalid_argument("unknown script command '" + cmd + "'");
    return it;
}

App::App() : actor(store::current_actor()) {
    case_model.recent = read_recent_cases(); // the no-case screen and the open dialog list them
    // Undo/redo of a group or ungroup replays it on the canvas.
    actions.on_group = [this](const GroupAction& g, bool forward) {
        if (forward == g.group)
            graph.group(g.entities);
        else
            graph.ungroup(g.entities);
    };
}
App::~App() {
    graph.layout().stop();
}

void App::open_case(const std::filesystem::path& p) {
    // Open the new case before closing anything of the current one: a case that fails to open (missing,
    // locked, not a case) leaves the open case as it was, its layout still running.
    std::optional<store::CaseFile> next;
    try {
        next.emplace(store::CaseFile::open(p));
    } catch (const std::exception& e) {
        throw std::runtime_error(open_case_message(p, e));
    }
    graph.layout().stop();
    ingest.join();
    poll_export();        // a finished export is put in place and audited in its own case
    export_job.abandon(); // a running one is cancelled: it belongs to the case being closed
    cf.reset();
    cf.emplace(std::move(*next));
    actions.clear();
    entity.reset();
    event.reset();
    bucket_events.clear();
    analysis.clear();
    export_form = {};
    export_form.bundle_path = default_bundle_path(p).string();
    view.show_open = false;
    graph.assign({}, {}); // another case's groups must not follow into this one
    reload();
    remember_case(p);
    if (auto s = cf->db().scalar_text("SELECT value FROM case_info WHERE key = 'ui_state'"))
        restore_view_state(*s);
    status = "Opened " + p.string();
}

void App::reload() {
    if (!cf)
        return;
    const auto& db = cf->db();
    case_model.load(*cf);
    // Groups are the analyst's view: they survive re-reading the case (after an ingest, say).
    std::vector<std::vector<std::int64_t>> groups;
    for (const auto& g : graph.groups())
        groups.push_back(g.entities);
    graph.load(db, drawable);
    for (const auto& g : groups)
        graph.group(g);
    if (!groups.empty())
        graph.select_only(std::nullopt);
    timeline.set_zone(case_model.settings.tz);
    timeline.load(db);
    money.load(db);
    if (!search.query.empty())
        search.run(db);
    apply_brush();
}

void App::select_entity(std::int64_t id) {
    if (!cf)
        return;
    entity = load_entity(cf->db(), id);
    event.reset();
    graph.select_only(graph.node_of(id));
    lane_times = entity ? timeline.entity_times(cf->db(), id) : std::vector<std::int64_t>{};
    status =
        entity ? "Selected #" + std::to_string(id) + " " + entity->label : "No entity #" + std::to_string(id);
}

void App::select_event(std::int64_t id) {
    if (!cf)
        return;
    event = load_event(cf->db(), id);
    media_revealed = false;
    status = event ? "Event #" + std::to_string(id) : "No event #" + std::to_string(id);
}

void App::apply_brush() {
    if (timeline.brush)
        graph.set_time_filter(timeline.links_in_brush());
    else if (graph.time_filtered())
        graph.clear_time_filter();
}

void App::apply(const Intent& in) {
    using Op = Intent::Op;
    if (in.op == Op::open) {
        open_case(in.text);
        return;
    }
    if (apply_more(in))
        return;
    if (in.op == Op::screen) {
        if (in.text == "case")
            view.screen = Screen::case_;
        else if (in.text == "money")
            view.screen = Screen::money;
        else if (in.text == "analysis")
            view.screen = Screen::analysis;
        else
            view.screen = Screen::investigate;
        return;
    }
    if (in.op == Op::toggle_search) {
        view.show_search = !view.show_search;
        return;
    }
    if (in.op == Op::toggle_export) {
        view.show_export = !view.show_export;
        return;
    }
    if (in.op == Op::quit) {
        want_quit = true;
        return;
    }
    if (in.op == Op::close_dialogs) {
        view.show_search = view.show_export = view.show_open = false;
        return;
    }
    if (!cf) {
        status = "No case is open";
        return;
    }
    const auto& db = cf->db();
    auto selected_entity = [&]() -> std::optional<std::int64_t> {
        if (entity)
            return entity->id;
        return std::nullopt;
    };
    switch (in.op) {
    case Op::select: {
        const auto id = store::find_entity(db, in.text, case_model.settings.region);
        if (id)
            select_entity(*id);
        else
            status = "Nothing matches '" + in.text + "'";
        break;
    }
    case Op::select_node:
        if (in.id >= 0 && static_cast<std::size_t>(in.id) < graph.nodes().size()) {
            const auto i = static_cast<std::uint32_t>(in.id);
            if (const auto* g = graph.group_at(i)) {
                graph.select_only(i);
                entity.reset();
                status = "Group of " + std::to_string(g->members.size()) + " entities (Ungroup to expand)";
            } else {
                select_entity(graph.nodes()[i].entity);
            }
        }
        break;
    case Op::select_event:
        select_event(in.id);
        break;
    case Op::search:
        search.query = in.text;
        search.run(db);
        view.show_search = true;
        break;
    case Op::save_search:
        search.save_current();
        break;
    case Op::zoom: {
        const auto& vp = graph.camera.viewport;
        graph.camera.zoom_at(static_cast<float>(in.a),
                             {(vp.min.x + vp.max.x) * 0.5f, (vp.min.y + vp.max.y) * 0.5f});
        break;
    }
    case Op::pan:
        graph.camera.pan_pixels({static_cast<float>(in.a), static_cast<float>(in.b)});
        break;
    case Op::fit:
        graph.fit_view();
        break;
    case Op::zoom_at:
        graph.camera.zoom_at(static_cast<float>(in.a), in.at);
        break;
    case Op::box_select:
        status = "Selected " + std::to_string(graph.box_select(in.box, in.additive)) + " nodes";
        if (const auto sel = graph.selected(); sel.size() == 1 && !graph.group_at(sel.front()))
            select_entity(graph.nodes()[sel.front()].entity);
        break;
    case Op::toggle_node:
        if (in.id >= 0 && static_cast<std::size_t>(in.id) < graph.nodes().size())
            graph.toggle_selected(static_cast<std::uint32_t>(in.id));
        break;
    case Op::move_node:
        if (in.id >= 0 && static_cast<std::size_t>(in.id) < graph.nodes().size())
            graph.move_node(static_cast<std::uint32_t>(in.id), graph.camera.to_world(in.at));
        else if (const auto sel = graph.selected(); in.id < 0 && sel.size() == 1)
            graph.move_node(sel.front(), graph.camera.to_world(in.at));
        break;
    case Op::tag:
    case Op::untag:
        if (auto id = selected_entity()) {
            const bool add = in.op == Op::tag;
            if (actions.set_tag(db, *id, in.text, add, actor))
                status = (add ? "Tagged #" : "Untagged #") + std::to_string(*id) + " " + in.text;
            graph.set_tags(*id, tag_bits(store::entity_tags(db, *id)));
            select_entity(*id);
        } else {
            status = "Select an entity to tag";
        }
        break;
    case Op::undo:
    case Op::redo: {
        const bool ok = in.op == Op::undo ? actions.undo(db, actor) : actions.redo(db, actor);
        if (!ok)
            break;
        const auto& a = in.op == Op::undo ? actions.redo_label() : actions.undo_label();
        status = (in.op == Op::undo ? "Undid " : "Redid ") + a;
        // Refresh tags on the canvas (every entity ever tagged) and the pane.
        if (entity)
            select_entity(entity->id);
        auto st = db.prepare("SELECT DISTINCT entity_id FROM tag");
        while (st.step())
            graph.set_tags(st.column_int64(0), tag_bits(store::entity_tags(db, st.column_int64(0))));
        break;
    }
    case Op::layout_pause:
        graph.layout().set_paused(true);
        break;
    case Op::layout_resume:
        graph.layout().set_paused(false);
        break;
    case Op::layout_rerun:
        graph.layout().rerun();
        break;
    case Op::layout_restart:
        graph.layout().restart();
        break;
    case Op::pin:
    case Op::unpin:
        for (auto i : graph.selected())
            graph.set_pinned(i, in.op == Op::pin);
        break;
    case Op::hide:
        for (auto i : graph.selected())
            graph.hide(i);
        break;
    case Op::unhide_all:
        graph.unhide_all();
        break;
    case Op::expand:
        status = "Added " + std::to_string(graph.expand_selection()) + " neighbours";
        break;
    case Op::brush:
        timeline.brush = std::pair{static_cast<std::int64_t>(in.a), static_cast<std::int64_t>(in.b)};
        apply_brush();
        break;
    case Op::clear_brush:
        timeline.brush.reset();
        apply_brush();
        break;
    case Op::timeline_zoom:
        // id 1: anchored zoom at time b (mouse wheel); id 2: pan by b ms; otherwise zoom about the middle.
        if (in.id == 2)
            timeline.pan(static_cast<std::int64_t>(in.b));
        else
            timeline.zoom(in.a, in.id == 1 ? static_cast<std::int64_t>(in.b)
                                           : (timeline.view_from + timeline.view_to) / 2);
        break;
    case Op::reveal_media:
        media_revealed = true;
        break;
    case Op::timeline_fit:
        timeline.fit();
        break;
    case Op::open_bucket: {
        auto from = static_cast<std::int64_t>(in.a), to = static_cast<std::int64_t>(in.b);
        if (const auto day = CaseClock::parse_day(in.text)) { // script "bucket DAY": that day's bar
            from = timeline.clock().day_start(*day);
            to = timeline.clock().day_start(*day + 1);
        }
        bucket_events = timeline.events_in(db, from, to);
        // The bar's bounds as the axis shows them: the case's zone, with its abbreviation (GMT/BST).
        bucket_title = timeline.format_local(from) + " - " + timeline.format_local(to);
        break;
    }
    case Op::verify:
        status = case_model.verify(*cf, actor);
        break;
    case Op::ingest: {
        ingest::IngestOptions opts;
        opts.region = case_model.settings.region;
        opts.region_from = "case";
        opts.tz = case_model.settings.tz;
        opts.tz_from = "case";
        ingest.start(cf->path(), {in.text}, opts, actor);
        status = "Importing " + in.text;
        break;
    }
    default:
        break;
    }
}

std::string App::view_state_json() const {
    nlohmann::json j;
    j["screen"] = screen_name(view.screen);
    j["camera"] = {graph.camera.centre.x, graph.camera.centre.y, graph.camera.zoom};
    j["timeline"] = {timeline.view_from, timeline.view_to};
    if (timeline.brush)
        j["brush"] = {timeline.brush->first, timeline.brush->second};
    j["saved_searches"] = search.saved;
    j["detail_width"] = view.detail_width;
    j["timeline_height"] = view.timeline_height;
    if (entity)
        j["selected"] = entity->id;
    j["groups"] = nlohmann::json::array();
    for (const auto& g : graph.groups())
        j["groups"].push_back(g.entities);
    j["lasso"] = view.lasso;
    return j.dump();
}

void App::restore_view_state(const std::string& s) {
    // A damaged or older ui_state must never stop a case from opening: ignore what cannot be read.
    const auto j = nlohmann::json::parse(s, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return;
    try {
        if (j.contains("screen"))
            apply({Intent::Op::screen, j["screen"].get<std::string>()});
        if (j.contains("camera") && j["camera"].size() == 3) {
            graph.camera.centre = {j["camera"][0].get<float>(), j["camera"][1].get<float>()};
            graph.camera.zoom = j["camera"][2].get<float>();
        }
        if (j.contains("timeline") && j["timeline"].size() == 2) {
            timeline.view_from = j["timeline"][0].get<std::int64_t>();
            timeline.view_to = j["timeline"][1].get<std::int64_t>();
        }
        if (j.contains("brush") && j["brush"].size() == 2) {
            timeline.brush = std::pair{j["brush"][0].get<std::int64_t>(), j["brush"][1].get<std::int64_t>()};
            apply_brush();
        }
        if (j.contains("saved_searches"))
            search.saved = j["saved_searches"].get<std::vector<std::string>>();
        view.detail_width = j.value("detail_width", view.detail_width);
        view.timeline_height = j.value("timeline_height", view.timeline_height);
        if (j.contains("groups") && j["groups"].is_array())
            for (const auto& g : j["groups"])
                graph.group(g.get<std::vector<std::int64_t>>());
        view.lasso = j.value("lasso", false);
        if (j.contains("selected"))
            select_entity(j["selected"].get<std::int64_t>());
    } catch (const nlohmann::json::exception&) {
    }
}

void App::save_view_state() const {
    if (cf)
        cf->set_setting("ui_state", view_state_json());
}

} // namespace casegraph::ui
