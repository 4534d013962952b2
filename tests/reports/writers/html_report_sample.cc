// Writes the HTML report of the sample documents (tests/support/samples/report_documents.h)
// to the path given as the only argument, for the browser test.
#include <iostream>

#include "reports/writers/html_report.h"
#include "tests/support/samples/report_documents.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " OUT.html\n";
    return 2;
  }
  const absl::Status status = spinecheck::WriteHtmlReport(spinecheck::SampleDocuments(), argv[1]);
  if (!status.ok()) {
    std::cerr << status << "\n";
    return 1;
  }
  return 0;
}
