// The money view's model: flows between accounts (links of kind `transaction`) as table rows, and a
// sankey-like layout (payers left, payees right, band width ∝ amount) in unit coordinates.
#pragma once

#include "store/sqlite.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace casegraph::ui {

struct Flow {
    std::int64_t link_id = 0;
    std::int64_t from = 0, to = 0;
    std::string from_label, to_label;
    std::string currency;
    std::int64_t total_minor = 0;
    std::int64_t count = 0;
    std::string first, last;
};

struct SankeyBox {
    std::int64_t entity = 0;
    std::string label;
    float y0 = 0, y1 = 0; // 0..1 of the drawing height
    bool left = true;
};

struct SankeyBand {
    std::size_t flow = 0; // index into flows
    float from_y0 = 0, from_y1 = 0, to_y0 = 0, to_y1 = 0;
};

class MoneyModel {
  public:
    std::vector<Flow> flows; // largest first
    std::vector<std::string> currencies;
    std::string currency; // the one the sankey draws (amounts in different currencies never add up)
    std::vector<SankeyBox> boxes;
    std::vector<SankeyBand> bands;

    void load(const store::Db& db);
    void set_flows(std::vector<Flow> f);
    void layout_sankey(std::size_t max_flows = 40);
};

} // namespace casegraph::ui
