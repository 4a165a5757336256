// A metrics input as a stream of bytes: a regular file or stdin, gzip-compressed or plain (told by the
// gzip magic bytes). Unlike zlib's gzread, a cut-off gzip stream or bytes after the last gzip member
// are input errors, never a silently shorter file.
#pragma once

#include <nimcost/load/text_file.hpp>

#include <zlib.h>

#include <string>
#include <vector>

namespace nimcost {

class MetricsInput {
public:
  explicit MetricsInput(const std::string& path);  // "-" reads stdin
  ~MetricsInput();
  MetricsInput(const MetricsInput&) = delete;
  MetricsInput& operator=(const MetricsInput&) = delete;

  // Up to `size` decompressed bytes; 0 at the (checked) end.
  std::size_t read(char* out, std::size_t size);
  const std::string& name() const { return m_name; }

private:
  bool refill();
  std::size_t read_plain(char* out, std::size_t size);
  std::size_t read_gzip(char* out, std::size_t size);
  void start_next_member();

  InputFd m_fd;
  std::string m_name;
  std::vector<unsigned char> m_raw;
  z_stream m_z{};
  bool m_gzip = false;
  bool m_member_done = false;
  bool m_raw_eof = false;
};

}  // namespace nimcost
