#include <nimcost/base/error.hpp>
#include <nimcost/load/text_file.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace nimcost {

std::size_t max_input_bytes() {
  // NIMCOST_MAX_INPUT_MB raises (or lowers) the cap; the default holds any catalog, scenario or report
  // many times over (LiteLLM's whole price table is 1.5 MB).
  const char* env = std::getenv("NIMCOST_MAX_INPUT_MB");
  if (env != nullptr && env[0] != '\0') {
    char* end = nullptr;
    const double mb = std::strtod(env, &end);
    if (end != env && *end == '\0' && mb > 0.0 && mb <= 1e6) return static_cast<std::size_t>(mb * 1024.0 * 1024.0);
  }
  return std::size_t{64} << 20;
}

std::string read_text_file(const std::filesystem::path& path, std::string_view what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw input_error(fmt::format("{}: is a directory; cannot read {}", path.string(), what));
  }
  // Only regular files: a device (/dev/zero), a FIFO or a socket could be read without end or wait forever.
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw input_error(fmt::format("{}: not a regular file; cannot read {}", path.string(), what));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(fmt::format("{}: cannot read {}", path.string(), what));
  const std::size_t cap = max_input_bytes();
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > cap) {
      throw input_error(fmt::format("{}: larger than {:g} MiB; cannot read {} (NIMCOST_MAX_INPUT_MB raises the limit)",
                                    path.string(), static_cast<double>(cap) / (1024.0 * 1024.0), what));
    }
  }
  if (in.bad()) throw input_error(fmt::format("{}: read error; cannot read {}", path.string(), what));
  return text;
}

}  // namespace nimcost
