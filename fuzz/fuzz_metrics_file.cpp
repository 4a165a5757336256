// Fuzz target for reading a metrics file as `nimcost attribute` does: the input is a file's bytes
// (gzip or plain, text or JSON; a gzip stream is made of the input too when it starts with the gzip
// magic bytes). It must read or raise nimcost::Error; a crash, a hang or a sanitizer report is a bug.
#include <nimcost/base/error.hpp>
#include <nimcost/load/prometheus.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A memory file is a regular file, so the reader's checks pass as for a file on disk.
  const int fd = memfd_create("fuzz-metrics", MFD_CLOEXEC);
  if (fd < 0) std::abort();
  if (size > 0 && write(fd, data, size) != static_cast<ssize_t>(size)) std::abort();
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  long long samples = 0;
  try {
    const nimcost::ReadStats stats = nimcost::read_metrics_file(path, [&](const nimcost::DcgmSample&) { ++samples; });
    if (stats.samples != samples) std::abort();  // the count the report gives is the count passed on
  } catch (const nimcost::Error&) {
  }
  close(fd);
  return 0;
}
