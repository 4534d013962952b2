// Small reads of a sysfs tree (or of a fake one a test built): one-line
// attribute files, directory listings, symbolic links and PCI bus ids.
// Every function reports "cannot read" as an empty value, never an error:
// sysfs attributes come and go with drivers, and a missing one is a gap in
// the inventory, not a failure.
#ifndef SPINECHECK_TOPOLOGY_INVENTORY_SYSFS_READER_H_
#define SPINECHECK_TOPOLOGY_INVENTORY_SYSFS_READER_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace spinecheck {

// The first line of `path` without trailing whitespace; nullopt when the
// file cannot be opened or read (a `speed` read of a down link fails with
// EINVAL).
std::optional<std::string> ReadSysfsLine(const std::filesystem::path& path);

// ReadSysfsLine, or "" when unreadable.
std::string ReadSysfsString(const std::filesystem::path& path);

// The integer in `path` (decimal, or 0x-hex), or `fallback` when it is
// unreadable or not a number.
long long ReadSysfsInt(const std::filesystem::path& path, long long fallback);

// The names in directory `path`, sorted; empty when it does not exist.
std::vector<std::string> ListSysfsDir(const std::filesystem::path& path);

// The base name of where the link `path` resolves to ("mlx5_core" for a
// device's `driver` link); "" when it does not resolve.
std::string SysfsLinkBasename(const std::filesystem::path& path);

// The PCI bus id ("0000:3b:00.0") of the device `path` resolves to: its
// nearest component named like a bus id, so a virtio net device
// (.../0000:00:03.0/virtio2) gives its PCI function. "" when none.
std::string PciBusIdOfPath(const std::filesystem::path& path);

// True when `text` reads "dddd:bb:dd.f" in hex.
bool IsPciBusId(absl::string_view text);

// "00000000:07:00.0" (NVML), "0000:07:00.0" or "07:00.0" -> "0000:07:00.0",
// lowercase, as sysfs names devices; "" when `text` is none of these.
std::string NormalizePciBusId(absl::string_view text);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_INVENTORY_SYSFS_READER_H_
