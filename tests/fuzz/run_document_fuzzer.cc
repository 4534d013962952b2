// The result document reader (spinecheck report, links --baseline). What it
// accepts, the writer renders, and the reader takes back unchanged.
#include "reports/readers/json_reader.h"
#include "reports/writers/json_writer.h"
#include "tests/fuzz/fuzz_target.h"

SPINECHECK_FUZZ_TARGET(run_document) {
  absl::StatusOr<spinecheck::RunDocument> document = spinecheck::ParseRunDocument(input, "run.json");
  if (!document.ok()) return;
  const std::string rendered = spinecheck::RenderJson(*document);
  absl::StatusOr<spinecheck::RunDocument> again = spinecheck::ParseRunDocument(rendered, "run.json");
  spinecheck::fuzz::Require(again.ok(), "a rendered document reads back");
  spinecheck::fuzz::Require(spinecheck::RenderJson(*again) == rendered, "a rendered document round-trips");
}
