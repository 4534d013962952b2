// BlankLeadingHashLines; see parse_error.h.
#include "topology/fabric/parse_error.h"

namespace spinecheck {

std::string BlankLeadingHashLines(std::string text) {
  size_t at = 0;
  while (at < text.size() && text[at] == '#') {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    text.erase(at, end - at);
    at += 1;  // past the newline that now follows
  }
  return text;
}

}  // namespace spinecheck
