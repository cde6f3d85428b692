// Date-order evidence of a WhatsApp export (see whatsapp_lines.hpp): votes gathered over the whole file,
// attachment names that carry the date, and the per-file decision between day-first and month-first.
#include "whatsapp_lines.hpp"

#include <string>

namespace casegraph::ingest::whatsapp {

using sv = std::string_view;

void DateVotes::add(const Header& h) {
    ++lines;
    if (h.year_first()) {
        ++year_first;
        return;
    }
    if (h.field[0] > 12)
        ++first_over_12;
    if (h.field[1] > 12)
        ++second_over_12;
    int hour = h.hour % 12;
    if (h.meridiem == Meridiem::none)
        hour = h.hour;
    else if (h.meridiem == Meridiem::pm)
        hour += 12;
    const std::int64_t clock = (hour * 60 + h.minute) * 60 + h.second;
    const std::int64_t year = h.width[2] <= 2 ? 2000 + h.field[2] : h.field[2];
    const std::int64_t dmy = ((year * 13 + h.field[1]) * 32 + h.field[0]) * 86400 + clock;
    const std::int64_t mdy = ((year * 13 + h.field[0]) * 32 + h.field[1]) * 86400 + clock;
    if (has_prev_) {
        inversions_dmy += dmy < prev_dmy_ ? 1 : 0;
        inversions_mdy += mdy < prev_mdy_ ? 1 : 0;
    }
    has_prev_ = true;
    prev_dmy_ = dmy;
    prev_mdy_ = mdy;
}

void DateVotes::add_media_name(const Header& h, std::string_view name) {
    if (h.year_first())
        return;
    int y = 0, m = 0, d = 0;
    auto digits = [&](std::size_t pos, std::size_t n, int* out) {
        if (pos + n > name.size())
            return false;
        int v = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const char c = name[pos + k];
            if (c < '0' || c > '9')
                return false;
            v = v * 10 + (c - '0');
        }
        *out = v;
        return true;
    };
    bool found = false;
    if (auto p = name.find("-WA"); p != sv::npos && p >= 9 && name[p - 9] == '-')
        found = digits(p - 8, 4, &y) && digits(p - 4, 2, &m) && digits(p - 2, 2, &d); // IMG-YYYYMMDD-WA0001
    for (sv tag : {sv("-PHOTO-"), sv("-VIDEO-"), sv("-AUDIO-"), sv("-STICKER-"), sv("-GIF-")}) {
        if (found)
            break;
        if (auto p = name.find(tag); p != sv::npos) {
            const std::size_t b = p + tag.size(); // 00000035-PHOTO-2022-03-27-21-41-55.jpg
            found = digits(b, 4, &y) && name.size() > b + 7 && name[b + 4] == '-' && digits(b + 5, 2, &m) &&
                    name[b + 7] == '-' && digits(b + 8, 2, &d);
        }
    }
    if (!found)
        return;
    const int year = h.width[2] <= 2 ? 2000 + h.field[2] : h.field[2];
    if (year != y)
        return;
    const bool as_dmy = h.field[0] == d && h.field[1] == m;
    const bool as_mdy = h.field[0] == m && h.field[1] == d;
    if (as_dmy && !as_mdy)
        ++media_dmy;
    else if (as_mdy && !as_dmy)
        ++media_mdy;
}

OrderDecision decide_order(const DateVotes& v, DateOrder forced) {
    OrderDecision d;
    if (forced != DateOrder::unknown) {
        d.order = forced;
        d.reason = "--date-order " + std::string(to_string(forced));
        return d;
    }
    if (v.first_over_12 > 0 && v.second_over_12 > 0) {
        d.conflicting = true;
        d.order = v.first_over_12 >= v.second_over_12 ? DateOrder::dmy : DateOrder::mdy;
        d.reason = "conflicting: " + std::to_string(v.first_over_12) + " lines have a first field over 12, " +
                   std::to_string(v.second_over_12) + " a second field over 12; the majority was used";
        return d;
    }
    if (v.first_over_12 > 0) {
        d.order = DateOrder::dmy;
        d.reason = std::to_string(v.first_over_12) + " lines have a first date field over 12";
        return d;
    }
    if (v.second_over_12 > 0) {
        d.order = DateOrder::mdy;
        d.reason = std::to_string(v.second_over_12) + " lines have a second date field over 12";
        return d;
    }
    if (v.lines == v.year_first) {
        d.order = DateOrder::ymd;
        d.reason = "every date is year-first";
        return d;
    }
    if (v.media_dmy != v.media_mdy && (v.media_dmy == 0 || v.media_mdy == 0)) {
        d.order = v.media_dmy > 0 ? DateOrder::dmy : DateOrder::mdy;
        d.reason = "the dates in " + std::to_string(v.media_dmy + v.media_mdy) +
                   " attachment file names agree with " + std::string(to_string(d.order));
        return d;
    }
    d.ambiguous = true;
    if (v.inversions_mdy < v.inversions_dmy) {
        d.order = DateOrder::mdy;
        d.reason =
            "no date field is over 12: month-first assumed because it keeps the lines in time order (" +
            std::to_string(v.inversions_mdy) + " backward steps against " + std::to_string(v.inversions_dmy) +
            " day-first)";
    } else if (v.inversions_dmy < v.inversions_mdy) {
        d.order = DateOrder::dmy;
        d.reason = "no date field is over 12: day-first assumed because it keeps the lines in time order (" +
                   std::to_string(v.inversions_dmy) + " backward steps against " +
                   std::to_string(v.inversions_mdy) + " month-first)";
    } else {
        d.order = DateOrder::dmy;
        d.reason = "no date field is over 12 and the time order does not tell: day-first assumed";
    }
    return d;
}

} // namespace casegraph::ingest::whatsapp
