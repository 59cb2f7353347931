/*
 * The glibc-only symbols that Debian's GCC 12 static archives (libstdc++.a, libgcc_eh.a) refer
 * to and musl's libc.so does not define. scripts/musl-libstdcxx.sh links this file into the
 * stand-in libstdc++.so.6 so that every undefined symbol left in it is one musl provides.
 * Compiled against glibc's headers; uses only functions that musl also exports.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

/*
 * glibc 2.32+ exports this flag; libstdc++ reads it to skip atomic reference counting while a
 * process has one thread. 0 means "maybe several threads", which is always safe.
 */
char __libc_single_threaded = 0;

/*
 * glibc 2.35+ API. GCC 12's unwinder (unwind-dw2-fde-dip.o in libgcc_eh.a) asks it for the
 * .eh_frame_hdr of the object holding a code address and, when it fails, gives up: there is no
 * fallback to dl_iterate_phdr in that build. So this implements the part the unwinder reads
 * (dlfo_map_start, dlfo_map_end, dlfo_eh_frame) with dl_iterate_phdr, which musl has; without it
 * every C++ exception thrown through this library would end in std::terminate.
 */
struct find_request {
  uintptr_t pc;
  struct dl_find_object *result;
};

static int find_object_of(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  struct find_request *request = data;
  uintptr_t low = UINTPTR_MAX, high = 0;
  const void *eh_frame = NULL;
  int inside = 0;
  for (size_t i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    uintptr_t start = info->dlpi_addr + ph->p_vaddr;
    if (ph->p_type == PT_LOAD) {
      if (start < low) low = start;
      if (start + ph->p_memsz > high) high = start + ph->p_memsz;
      if (request->pc >= start && request->pc < start + ph->p_memsz) inside = 1;
    } else if (ph->p_type == PT_GNU_EH_FRAME) {
      eh_frame = (const void *)start;
    }
  }
  if (!inside) return 0;
  request->result->dlfo_flags = 0;
  request->result->dlfo_map_start = (void *)low;
  request->result->dlfo_map_end = (void *)high;
  request->result->dlfo_link_map = NULL;
  request->result->dlfo_eh_frame = (void *)eh_frame;
  return 1;
}

int _dl_find_object(void *pc, struct dl_find_object *result) {
  struct find_request request = {(uintptr_t)pc, result};
  return dl_iterate_phdr(find_object_of, &request) == 1 ? 0 : -1;
}

/*
 * glibc's internal name for pthread_key_create. libgcc_eh.a refers to it weakly to decide whether
 * the process may have threads (__gthread_active_p); musl does not export it, and without this
 * the unwinder would take its registered-frame lists without their mutex.
 */
int __pthread_key_create(pthread_key_t *key, void (*destructor)(void *)) {
  return pthread_key_create(key, destructor);
}

/*
 * glibc 2.36+ exports it; libstdc++'s std::random_device uses it as its default source.
 * getrandom(2) gives the same kernel randomness; it blocks only before the pool is first seeded.
 */
uint32_t arc4random(void) {
  uint32_t value;
  size_t have = 0;
  while (have < sizeof value) {
    ssize_t n = getrandom((char *)&value + have, sizeof value - have, 0);
    if (n > 0) have += (size_t)n;
    else if (errno != EINTR) abort();
  }
  return value;
}
