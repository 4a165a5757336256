#include <nimcost/base/error.hpp>
#include <nimcost/load/text_file.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace nimcost {

std::string read_text_file(const std::filesystem::path& path, std::string_view what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw input_error(fmt::format("{}: is a directory; cannot read {}", path.string(), what));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(fmt::format("{}: cannot read {}", path.string(), what));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace nimcost
