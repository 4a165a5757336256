#include "metrics_input.hpp"

#include <nimcost/base/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace nimcost {

namespace {

constexpr std::size_t k_raw_chunk = std::size_t{1} << 20;

bool gzip_magic(const unsigned char* p, std::size_t n) { return n >= 2 && p[0] == 0x1f && p[1] == 0x8b; }

}  // namespace

MetricsInput::MetricsInput(const std::string& path) : m_name(path == "-" ? "stdin" : path), m_raw(k_raw_chunk) {
  if (path == "-") {
    m_fd = InputFd(::dup(STDIN_FILENO));
    if (m_fd.get() < 0) throw input_error(fmt::format("stdin: cannot read: {}", std::strerror(errno)));
  } else {
    m_fd = open_regular_file(path, "the metrics file");
  }
  m_z.next_in = m_raw.data();
  m_z.avail_in = 0;
  refill();
  // Two bytes decide; a one-byte first read of a pipe is completed first.
  if (m_z.avail_in == 1 && m_raw[0] == 0x1f) refill();
  m_gzip = gzip_magic(m_z.next_in, m_z.avail_in);
  if (m_gzip && inflateInit2(&m_z, 16 + MAX_WBITS) != Z_OK) throw input_error(m_name + ": cannot start gzip decompression");
}

MetricsInput::~MetricsInput() {
  if (m_gzip) inflateEnd(&m_z);
}

// Appends what the next read gives to the unread input; false at the end of the file.
bool MetricsInput::refill() {
  if (m_raw_eof) return false;
  if (m_z.avail_in > 0 && m_z.next_in != m_raw.data()) std::memmove(m_raw.data(), m_z.next_in, m_z.avail_in);
  m_z.next_in = m_raw.data();
  const std::size_t room = m_raw.size() - m_z.avail_in;
  const std::size_t n = read_some(m_fd.get(), reinterpret_cast<char*>(m_raw.data() + m_z.avail_in), room, m_name);
  if (n == 0) m_raw_eof = true;
  m_z.avail_in += static_cast<uInt>(n);
  return n > 0;
}

std::size_t MetricsInput::read(char* out, std::size_t size) {
  if (size == 0) return 0;
  return m_gzip ? read_gzip(out, size) : read_plain(out, size);
}

std::size_t MetricsInput::read_plain(char* out, std::size_t size) {
  if (m_z.avail_in == 0 && !refill()) return 0;
  const std::size_t n = std::min<std::size_t>(size, m_z.avail_in);
  std::memcpy(out, m_z.next_in, n);
  m_z.next_in += n;
  m_z.avail_in -= static_cast<uInt>(n);
  return n;
}

// After one gzip member ends, only another member may follow (gzip files may be concatenated).
void MetricsInput::start_next_member() {
  if (m_z.avail_in < 2) refill();
  if (!gzip_magic(m_z.next_in, m_z.avail_in)) {
    throw input_error(fmt::format("{}: data after the end of the gzip stream; the file is damaged", m_name));
  }
  inflateReset(&m_z);
  m_member_done = false;
}

std::size_t MetricsInput::read_gzip(char* out, std::size_t size) {
  m_z.next_out = reinterpret_cast<Bytef*>(out);
  m_z.avail_out = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
  const uInt wanted = m_z.avail_out;
  while (m_z.avail_out == wanted) {
    if (m_z.avail_in == 0 && !refill()) {
      if (m_member_done) return 0;
      throw input_error(fmt::format("{}: the gzip stream is cut off (a truncated file?)", m_name));
    }
    if (m_member_done) start_next_member();
    const int ret = inflate(&m_z, Z_NO_FLUSH);
    if (ret == Z_STREAM_END) {
      m_member_done = true;
    } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
      throw input_error(fmt::format("{}: damaged gzip data: {}", m_name, m_z.msg != nullptr ? m_z.msg : "inflate error"));
    }
  }
  return wanted - m_z.avail_out;
}

}  // namespace nimcost
