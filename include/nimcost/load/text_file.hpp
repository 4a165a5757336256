// Opening and reading input files, with the checks every input gets: a regular file (a device, a FIFO
// or a socket could be read without end or block forever), opened once (checked on the open file, not
// on the name), read under a size cap (NIMCOST_MAX_INPUT_MB, default 64) and checked for read errors.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace nimcost {

// The size cap in bytes: NIMCOST_MAX_INPUT_MB (a number of MiB above 0) or 64 MiB.
std::size_t max_input_bytes();

// An open file descriptor, closed when it goes out of scope.
class InputFd {
public:
  InputFd() = default;
  explicit InputFd(int fd) : m_fd(fd) {}
  ~InputFd();
  InputFd(InputFd&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  InputFd& operator=(InputFd&& other) noexcept;
  InputFd(const InputFd&) = delete;
  InputFd& operator=(const InputFd&) = delete;
  int get() const { return m_fd; }

private:
  int m_fd = -1;
};

// `path` opened for reading if it is a regular file; an input error "PATH: ... cannot read WHAT" otherwise.
InputFd open_regular_file(const std::filesystem::path& path, std::string_view what);

// Up to `size` bytes from `fd` (0 at the end), retrying interrupted reads; an input error on a read error.
std::size_t read_some(int fd, char* buffer, std::size_t size, const std::string& name);

// The file's bytes ("-": stdin's), at most max_input_bytes(); an input error naming the file otherwise.
std::string read_text_file(const std::filesystem::path& path, std::string_view what);

// How messages name an input: "stdin" for "-", else the path.
std::string input_name(const std::filesystem::path& path);

// An input error "NAME: larger than N MiB; cannot read WHAT (NIMCOST_MAX_INPUT_MB raises the limit)".
[[noreturn]] void throw_too_large(const std::string& name, std::string_view what);

}  // namespace nimcost
