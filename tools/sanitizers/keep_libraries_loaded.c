/* LD_PRELOADed by tools/test --sanitize: dlclose does nothing, so that the
 * libraries Open MPI and hwloc load as plugins are still mapped when
 * LeakSanitizer reports at exit, and the leaks inside them carry their
 * library's name (matched by tools/sanitizers/lsan.supp) instead of
 * "<unknown module>". */
int dlclose(void* handle) {
  (void)handle;
  return 0;
}
