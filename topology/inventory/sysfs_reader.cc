#include "topology/inventory/sysfs_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <system_error>

#include "absl/strings/ascii.h"

namespace spinecheck {

namespace fs = std::filesystem;

std::optional<std::string> ReadSysfsLine(const fs::path& path) {
  // POSIX read, not iostreams: a stream reports a failed read (EINVAL from
  // the `speed` of a down link) like an empty file.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buffer[4096];
  for (;;) {
    ssize_t got = ::read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (got == 0) break;
    text.append(buffer, static_cast<size_t>(got));
    if (text.find('\n') != std::string::npos || text.size() >= 65536) break;
  }
  ::close(fd);
  text = text.substr(0, text.find('\n'));
  return std::string(absl::StripTrailingAsciiWhitespace(text));
}

std::string ReadSysfsString(const fs::path& path) { return ReadSysfsLine(path).value_or(""); }

long long ReadSysfsInt(const fs::path& path, long long fallback) {
  std::optional<std::string> text = ReadSysfsLine(path);
  if (!text.has_value() || text->empty()) return fallback;
  char* end = nullptr;
  long long value = std::strtoll(text->c_str(), &end, 0);
  if (end == text->c_str() || *end != '\0') return fallback;
  return value;
}

std::vector<std::string> ListSysfsDir(const fs::path& path) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string SysfsLinkBasename(const fs::path& path) {
  std::error_code error;
  fs::path target = fs::canonical(path, error);
  if (error) return "";
  return target.filename().string();
}

bool IsPciBusId(absl::string_view text) {
  // dddd:bb:dd.f
  if (text.size() != 12 || text[4] != ':' || text[7] != ':' || text[10] != '.') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11}) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

std::string PciBusIdOfPath(const fs::path& path) {
  std::error_code error;
  fs::path target = fs::canonical(path, error);
  if (error) return "";
  std::string found;
  for (const fs::path& part : target) {
    if (IsPciBusId(part.string())) found = part.string();
  }
  return found;
}

std::string NormalizePciBusId(absl::string_view text) {
  std::string copy(text);
  unsigned int domain = 0, bus = 0, device = 0, function = 0;
  char tail = 0;
  if (std::sscanf(copy.c_str(), "%x:%x:%x.%x%c", &domain, &bus, &device, &function, &tail) != 4) {
    domain = 0;
    if (std::sscanf(copy.c_str(), "%x:%x.%x%c", &bus, &device, &function, &tail) != 3) return "";
  }
  if (bus > 0xff || device > 0x1f || function > 7 || domain > 0xffff) return "";
  char out[16];
  std::snprintf(out, sizeof(out), "%04x:%02x:%02x.%x", domain, bus, device, function);
  return out;
}

}  // namespace spinecheck
