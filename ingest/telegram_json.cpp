// Telegram Desktop JSON exports (placeholder until the importer lands).
#include "formats.hpp"

namespace casegraph::ingest {
namespace {
class TelegramJson final : public Importer {
  public:
    std::string_view format() const override { return "telegram-json"; }
    std::string_view version() const override { return "0"; }
    std::string_view description() const override { return "Telegram Desktop export (result.json)"; }
    int detect(const Probe&) const override { return 0; }
    void import(const Input& input, ImportContext&) const override {
        throw InputError("unsupported", input.display_name + ": telegram-json is not implemented yet");
    }
};
} // namespace

const Importer& telegram_json_importer() {
    static const TelegramJson instance;
    return instance;
}

} // namespace casegraph::ingest
