/* The shared library dlopen.c loads (built with -shared -fPIC by the test). */
int plugin_counter;

int plugin_add(int a, int b) {
  plugin_counter++;
  return a + b + plugin_counter;
}

const char *plugin_name(void) { return "plugin v1"; }
