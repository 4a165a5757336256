// libcurl, loaded the first time it is needed (internal to the load layer). Linking it would load
// some thirty shared libraries (TLS, Kerberos, LDAP, SSH, ...) into every nimcost process and more
// than double a crossover's start-up (measured: 4.3 ms to 7.9 ms); only attribute --prometheus
// needs it. curl/curl.h gives the types; the functions come from libcurl.so.4 through dlopen.
#pragma once

#include <curl/curl.h>

namespace nimcost {

struct CurlLibrary {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL* curl);
  void (*easy_reset)(CURL* curl);
  CURLcode (*easy_setopt)(CURL* curl, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL* curl);
  CURLcode (*easy_getinfo)(CURL* curl, CURLINFO info, ...);
  const char* (*easy_strerror)(CURLcode code);
  char* (*easy_escape)(CURL* curl, const char* text, int length);
  void (*free)(void* p);
  curl_slist* (*slist_append)(curl_slist* list, const char* text);
  void (*slist_free_all)(curl_slist* list);
};

// Loaded and initialized once per process; an input error naming the package when it cannot be.
const CurlLibrary& curl_library();

}  // namespace nimcost
