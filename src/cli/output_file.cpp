// Report files: written atomically (a temporary file in the same directory, then a rename), never onto
// an input (stdin included), another output of the run, a symbolic link or a special file, which the
// rename would replace; the temporary file is removed on SIGINT and SIGTERM.
#include "common.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nimcost::cli {

namespace {

// The one piece of process-wide mutable state: the temporary file being written, which a signal
// handler (it can reach nothing else) removes. A fixed buffer and a flag: all a handler may touch.
char g_temp_path[4096];
volatile std::sig_atomic_t g_temp_set = 0;

extern "C" void remove_temp_and_reraise(int sig) {
  if (g_temp_set != 0) ::unlink(g_temp_path);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Blocks SIGINT and SIGTERM for its lifetime, so the temporary file and its record change together.
class SignalsHeld {
public:
  SignalsHeld() {
    sigemptyset(&m_set);
    sigaddset(&m_set, SIGINT);
    sigaddset(&m_set, SIGTERM);
    sigprocmask(SIG_BLOCK, &m_set, &m_old);
  }
  ~SignalsHeld() { sigprocmask(SIG_SETMASK, &m_old, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

private:
  sigset_t m_set{};
  sigset_t m_old{};
};

int make_temp_file(std::string& pattern) {
  const SignalsHeld held;
  struct sigaction action {};
  action.sa_handler = remove_temp_and_reraise;
  sigemptyset(&action.sa_mask);
  for (const int sig : {SIGINT, SIGTERM}) {
    struct sigaction old {};
    // A signal the caller ignores (a background job's SIGINT) stays ignored.
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler != SIG_IGN) sigaction(sig, &action, nullptr);
  }
  const int fd = mkstemp(pattern.data());
  if (fd >= 0 && pattern.size() < sizeof g_temp_path) {
    std::memcpy(g_temp_path, pattern.c_str(), pattern.size() + 1);
    g_temp_set = 1;
  }
  return fd;
}

void forget_temp_file() {
  const SignalsHeld held;
  g_temp_set = 0;
}

// Writes `text` to `path` through a temporary file in the same directory and a rename, so a reader
// never sees half a report and a failure leaves any previous file untouched.
void write_atomically_impl(const std::filesystem::path& path, const std::string& text, const char* flag = "--output") {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string pattern = (dir / ("." + path.filename().string() + ".nimcost-XXXXXX")).string();
  const int fd = make_temp_file(pattern);
  if (fd < 0) throw usage_error(fmt::format("{}: cannot write '{}' (is the directory there and writable?)", flag, path.string()));
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
  if (!written || ec) std::filesystem::remove(pattern, ec);
  forget_temp_file();
  if (!written || ec) {
    throw output_error(fmt::format("--output: cannot write '{}' (is the disk full?)", path.string()));
  }
}

// Whether `path` is the file stdin reads (`attribute - -o x.prom < x.prom`).
bool is_stdin(const std::filesystem::path& path) {
  struct stat in {}, out {};
  return fstat(STDIN_FILENO, &in) == 0 && S_ISREG(in.st_mode) && stat(path.c_str(), &out) == 0 &&
         in.st_dev == out.st_dev && in.st_ino == out.st_ino;
}

// One name for a path, existing or not: its canonical form as far as it exists.
std::filesystem::path identity(const std::filesystem::path& path) {
  std::error_code ec;
  auto p = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  return ec ? path.lexically_normal() : p;
}

}  // namespace

void refuse_same_outputs(const std::vector<std::pair<const char*, std::string>>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      const auto& [flag_a, a] = outputs[i];
      const auto& [flag_b, b] = outputs[j];
      if (a.empty() || b.empty() || a == "-" || b == "-") continue;
      if (identity(a) == identity(b)) {
        throw usage_error(fmt::format("{} and {} name the same file '{}'; one would overwrite the other", flag_a,
                                      flag_b, b));
      }
    }
  }
}

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
    if (input == "-" ? is_stdin(output) : std::filesystem::equivalent(output, input, ec)) {
      throw usage_error(fmt::format("{}: '{}' is an input file; refusing to overwrite it", flag, output.string()));
    }
  }
}

void write_file(const std::string& path, const std::string& text, const CatalogOptions& inputs, const char* flag) {
  refuse_input_as_output(path, inputs, flag);
  write_atomically_impl(path, text, flag);
}

}  // namespace nimcost::cli
