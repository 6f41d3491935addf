#include "graph/status.h"

namespace resgraph {

const char* code_name(Code code) {
  switch (code) {
    case Code::ok:
      return "ok";
    case Code::invalid:
      return "invalid";
    case Code::not_found:
      return "not_found";
    case Code::conflict:
      return "conflict";
    case Code::unauthorized:
      return "unauthorized";
    case Code::forbidden:
      return "forbidden";
    case Code::method_not_allowed:
      return "method_not_allowed";
    case Code::too_large:
      return "too_large";
    case Code::headers_too_large:
      return "headers_too_large";
    case Code::rate_limited:
      return "rate_limited";
    case Code::upstream:
      return "upstream";
    case Code::unavailable:
      return "unavailable";
    case Code::internal:
      return "internal";
  }
  return "internal";
}

}  // namespace resgraph
