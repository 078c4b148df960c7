// cpp-httplib as Debian builds it, for HTTP clients only (tests and benchmarks; the server is
// Boost.Beast, api/server.cc, and handlers see api/request.h). libcpp-httplib is a compiled library
// built with OpenSSL, zlib and Brotli support, and some of its classes (Request, ClientImpl) have
// members only under those macros: every file that includes httplib.h must define them the same
// way, or the layouts differ from the library's. Include this header, never <httplib.h> directly.
#pragma once

#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#ifndef CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#ifndef CPPHTTPLIB_BROTLI_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif

#include <httplib.h>
