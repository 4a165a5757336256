#include <nimcost/base/error.hpp>
#include <nimcost/load/text_file.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace nimcost {

std::size_t max_input_bytes() {
  // The default holds any catalog, scenario or report many times over (LiteLLM's whole price table is 1.5 MB).
  const char* env = std::getenv("NIMCOST_MAX_INPUT_MB");
  if (env != nullptr && env[0] != '\0') {
    char* end = nullptr;
    const double mb = std::strtod(env, &end);
    if (end != env && *end == '\0' && mb > 0.0 && mb <= 1e6) return static_cast<std::size_t>(mb * 1024.0 * 1024.0);
  }
  return std::size_t{64} << 20;
}

InputFd::~InputFd() {
  if (m_fd >= 0) ::close(m_fd);
}

InputFd& InputFd::operator=(InputFd&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = other.m_fd;
    other.m_fd = -1;
  }
  return *this;
}

InputFd open_regular_file(const std::filesystem::path& path, std::string_view what) {
  const std::string name = path.string();
  if (name.empty()) throw input_error(fmt::format("an empty file name; cannot read {}", what));
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever before fstat could refuse it.
  InputFd fd(::open(name.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) throw input_error(fmt::format("{}: cannot read {}: {}", name, what, std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw input_error(fmt::format("{}: cannot read {}: {}", name, what, std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) throw input_error(fmt::format("{}: is a directory; cannot read {}", name, what));
  if (!S_ISREG(st.st_mode)) throw input_error(fmt::format("{}: not a regular file; cannot read {}", name, what));
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags >= 0) ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

std::size_t read_some(int fd, char* buffer, std::size_t size, const std::string& name) {
  for (;;) {
    const ssize_t n = ::read(fd, buffer, size);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) throw input_error(fmt::format("{}: read error: {}", name, std::strerror(errno)));
  }
}

void throw_too_large(const std::string& name, std::string_view what) {
  throw input_error(fmt::format("{}: larger than {:g} MiB; cannot read {} (NIMCOST_MAX_INPUT_MB raises the limit)",
                                name, static_cast<double>(max_input_bytes()) / (1024.0 * 1024.0), what));
}

std::string input_name(const std::filesystem::path& path) { return path == "-" ? "stdin" : path.string(); }

std::string read_text_file(const std::filesystem::path& path, std::string_view what) {
  // "-" is stdin: a pipe or a terminal is fine there, and the size cap still holds.
  const InputFd fd = path == "-" ? InputFd(::dup(STDIN_FILENO)) : open_regular_file(path, what);
  if (fd.get() < 0) throw input_error(fmt::format("stdin: cannot read {}: {}", what, std::strerror(errno)));
  const std::string name = input_name(path);
  const std::size_t cap = max_input_bytes();
  std::string text;
  char buffer[1 << 16];
  while (const std::size_t n = read_some(fd.get(), buffer, sizeof buffer, name)) {
    text.append(buffer, n);
    if (text.size() > cap) throw_too_large(name, what);
  }
  return text;
}

}  // namespace nimcost
