/*
 * LD_PRELOAD library for the hardware-type parity test: makes SIOCGIFHWADDR report a chosen
 * hardware type and address for one interface, so the real netstat shows how it prints types
 * (AX.25, IrDA, Ash, ...) that no device on the test machine has.
 *
 *   HWFAKE_IF=lo HWFAKE_TYPE=3 HWFAKE_BYTES=9c6e98a8a4a462 LD_PRELOAD=./hwaddr-preload.so netstat -ie
 *
 * HWFAKE_TYPE is the ARPHRD number; HWFAKE_BYTES is up to 14 address bytes in hex (the rest 0).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

typedef int (*ioctl_fn)(int, unsigned long, void *);

int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  static ioctl_fn next;
  if (next == NULL) next = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
  int rc = next(fd, request, arg);
  const char *name = getenv("HWFAKE_IF");
  const char *type = getenv("HWFAKE_TYPE");
  const char *hex = getenv("HWFAKE_BYTES");
  struct ifreq *ifr = arg;
  if (rc != 0 || request != SIOCGIFHWADDR || !name || !type || !hex || strcmp(ifr->ifr_name, name) != 0) return rc;
  ifr->ifr_hwaddr.sa_family = (unsigned short)strtoul(type, NULL, 10);
  memset(ifr->ifr_hwaddr.sa_data, 0, sizeof ifr->ifr_hwaddr.sa_data);
  for (size_t i = 0; i < sizeof ifr->ifr_hwaddr.sa_data && hex[2 * i] && hex[2 * i + 1]; i++) {
    char pair[3] = {hex[2 * i], hex[2 * i + 1], 0};
    ifr->ifr_hwaddr.sa_data[i] = (char)strtoul(pair, NULL, 16);
  }
  return rc;
}
