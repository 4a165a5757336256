// Report files: written atomically (a temporary file in the same directory, then a rename), never onto
// an input, a symbolic link or a special file, which the rename would replace.
#include "common.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace nimcost::cli {

namespace {

// Writes `text` to `path` through a temporary file in the same directory and a rename, so a reader
// never sees half a report and a failure leaves any previous file untouched.
void write_atomically_impl(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string pattern = (dir / ("." + path.filename().string() + ".nimcost-XXXXXX")).string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) throw usage_error(fmt::format("--output: cannot write '{}' (is the directory there and writable?)", path.string()));
  // mkstemp creates 0600; a report gets the mode any new file would (0666 less the umask).
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, static_cast<mode_t>(0666 & ~mask));
  std::FILE* file = fdopen(fd, "wb");
  const bool written = file != nullptr && std::fwrite(text.data(), 1, text.size(), file) == text.size() &&
                       std::fflush(file) == 0 && fsync(fd) == 0;
  if (file != nullptr) std::fclose(file); else close(fd);
  std::error_code ec;
  if (written) std::filesystem::rename(pattern, path, ec);
  if (!written || ec) {
    std::filesystem::remove(pattern, ec);
    throw output_error(fmt::format("--output: cannot write '{}' (is the disk full?)", path.string()));
  }
}

}  // namespace

void refuse_input_as_output(const std::filesystem::path& output, const CatalogOptions& inputs, const char* flag) {
  std::error_code ec;
  // The rename that writes a report atomically would replace a symlink or a device with a regular file.
  if (std::filesystem::is_symlink(std::filesystem::symlink_status(output, ec))) {
    throw usage_error(fmt::format("{}: '{}' is a symbolic link; give the file it points to", flag, output.string()));
  }
  if (!std::filesystem::exists(output, ec)) return;  // a new file cannot be an input
  if (std::filesystem::is_directory(output, ec)) {
    throw usage_error(fmt::format("{}: '{}' is a directory", flag, output.string()));
  }
  if (!std::filesystem::is_regular_file(output, ec)) {
    throw usage_error(fmt::format("{}: '{}' is not a regular file; write to '-' (stdout) and redirect instead", flag,
                                  output.string()));
  }
  std::vector<std::filesystem::path> files(inputs.catalog_files.begin(), inputs.catalog_files.end());
  files.insert(files.end(), inputs.other_inputs.begin(), inputs.other_inputs.end());
  if (!inputs.data_dir.empty()) {
    for (const auto& entry : std::filesystem::directory_iterator(inputs.data_dir, ec)) files.push_back(entry.path());
  }
  for (const auto& input : files) {
    if (std::filesystem::equivalent(output, input, ec)) {
      throw usage_error(fmt::format("{}: '{}' is an input file; refusing to overwrite it", flag, output.string()));
    }
  }
}

void write_file(const std::string& path, const std::string& text, const CatalogOptions& inputs, const char* flag) {
  refuse_input_as_output(path, inputs, flag);
  write_atomically_impl(path, text);
}

}  // namespace nimcost::cli
