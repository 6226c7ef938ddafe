#include "sim/cli/logging.hpp"

#include "sim/core/derived.hpp"
#include "sim/io/scenario/path_text.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <string_view>

namespace bpsim::cli {

namespace {

// Hands each message on to `inner` with its control characters escaped, line by line
// (a message of several lines stays several lines).
class PrintableSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit PrintableSink(std::shared_ptr<spdlog::sinks::sink> inner) : inner_(std::move(inner)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    std::string text;
    std::size_t from = 0;
    for (std::size_t nl = payload.find('\n');; nl = payload.find('\n', from)) {
      text += io::printable(payload.substr(from, nl == std::string_view::npos ? nl : nl - from));
      if (nl == std::string_view::npos) break;
      text += '\n';
      from = nl + 1;
    }
    const spdlog::details::log_msg escaped(msg.time, msg.source, msg.logger_name, msg.level, text);
    inner_->log(escaped);
  }
  void flush_() override { inner_->flush(); }

 private:
  std::shared_ptr<spdlog::sinks::sink> inner_;
};

}  // namespace

void setup_logging(const std::string& level) {
  auto stderr_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  stderr_sink->set_pattern("bpsim: %^%l%$: %v");
  auto logger = std::make_shared<spdlog::logger>("bpsim", std::make_shared<PrintableSink>(stderr_sink));
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  set_derived_notice([](const std::string& message) { spdlog::warn("{}", message); });
}

}  // namespace bpsim::cli
