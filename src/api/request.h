// A request as the API's handlers see it, independent of the HTTP library that read it: method,
// percent-decoded path and query, headers by case-insensitive name, and the client's address.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace tamga::api {

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;
using QueryParams = std::multimap<std::string, std::string>;

struct Request {
  std::string method;  // "GET", "POST", as sent
  std::string path;    // percent-decoded ('+' stays '+'), without the query
  QueryParams query;   // names and values percent-decoded, '+' as a space
  Headers headers;
  // The peer's IP address ("127.0.0.1", "2001:db8::1"); an IPv4-mapped IPv6 address as IPv4.
  // tamga trusts no X-Forwarded-For: behind a proxy this is the proxy's address.
  std::string remote_address;

  bool HasHeader(std::string_view name) const { return headers.contains(name); }
  // The first value of header `name`; empty when there is none.
  std::string Header(std::string_view name) const;
  bool HasParam(std::string_view name) const { return query.contains(std::string(name)); }
  size_t ParamCount(std::string_view name) const { return query.count(std::string(name)); }
  // The first value of query parameter `name`; empty when there is none.
  std::string Param(std::string_view name) const;
};

// %XX sequences decoded to bytes (an invalid or cut sequence stays as it is); with `plus_is_space`
// '+' becomes ' ', as in a query string.
std::string PercentDecode(std::string_view text, bool plus_is_space);

// The parameters of a query string ("a=1&b=x+y&c"): split on '&', then on the first '=', names
// and values decoded. Parameters without a name are dropped; a name without '=' has an empty value.
QueryParams ParseQuery(std::string_view query);

}  // namespace tamga::api
