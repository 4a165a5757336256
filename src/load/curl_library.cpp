// dlopen of libcurl's stable ABI (soname libcurl.so.4, Debian's libcurl4) and its symbols.
#include "curl_library.hpp"

#include <nimcost/base/error.hpp>

#include <fmt/format.h>

#include <dlfcn.h>

#include <string>

namespace nimcost {

namespace {

template <typename F>
void bind(void* handle, F& slot, const char* name) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) throw input_error(fmt::format("libcurl.so.4 lacks {}: install libcurl4 7.85 or later", name));
  slot = reinterpret_cast<F>(symbol);
}

CurlLibrary load() {
  void* handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw input_error(fmt::format("--prometheus needs libcurl (Debian package libcurl4): {}", why ? why : "not found"));
  }
  CurlLibrary lib{};
  bind(handle, lib.global_init, "curl_global_init");
  bind(handle, lib.easy_init, "curl_easy_init");
  bind(handle, lib.easy_cleanup, "curl_easy_cleanup");
  bind(handle, lib.easy_reset, "curl_easy_reset");
  bind(handle, lib.easy_setopt, "curl_easy_setopt");
  bind(handle, lib.easy_perform, "curl_easy_perform");
  bind(handle, lib.easy_getinfo, "curl_easy_getinfo");
  bind(handle, lib.easy_strerror, "curl_easy_strerror");
  bind(handle, lib.easy_escape, "curl_easy_escape");
  bind(handle, lib.free, "curl_free");
  bind(handle, lib.slist_append, "curl_slist_append");
  bind(handle, lib.slist_free_all, "curl_slist_free_all");
  if (lib.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw input_error("libcurl could not be initialized");
  return lib;  // the handle stays open for the process
}

}  // namespace

const CurlLibrary& curl_library() {
  static const CurlLibrary lib = load();  // a failed load throws and is tried again next time
  return lib;
}

}  // namespace nimcost
